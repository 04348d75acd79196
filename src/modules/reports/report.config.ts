import { z } from "zod";
import { type FeatureConfig, type SectionEnv, configSection, developmentJwtSecret, nonNegativeInt, positiveInt } from "../../config";

/** The reports feature's variables, with their defaults and units. */
const reportsEnv = {
  /** Rows a report reads from the replica per statement; progress is reported after each chunk. */
  REPORT_CHUNK_ROWS: positiveInt.default(500),
  /** Pause between chunks, to spare a busy replica. */
  REPORT_CHUNK_PAUSE_MS: nonNegativeInt.default(0),
  /** Lifetime of a signed report link. */
  REPORT_URL_TTL_SECONDS: positiveInt.default(3_600),
  /** Reports are removed this long after they are made. */
  REPORT_RETENTION_SECONDS: positiveInt.default(7 * 24 * 3600),
  /** HMAC key for report links (32+ characters). Unset: derived from JWT_SECRET. */
  REPORT_SIGNING_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
};

function reportsSettingsFrom(raw: SectionEnv<typeof reportsEnv>) {
  return {
    chunkRows: raw.REPORT_CHUNK_ROWS,
    chunkPauseMs: raw.REPORT_CHUNK_PAUSE_MS,
    urlTtlSeconds: raw.REPORT_URL_TTL_SECONDS,
    retentionSeconds: raw.REPORT_RETENTION_SECONDS,
    signingSecret: raw.REPORT_SIGNING_SECRET ?? `reports:${raw.JWT_SECRET ?? developmentJwtSecret}`,
  };
}

/** config.reports */
export type ReportsSettings = Readonly<ReturnType<typeof reportsSettingsFrom>>;

export const reportsConfig: FeatureConfig = {
  section: configSection("reports", reportsEnv, reportsSettingsFrom),
  fieldLimits: { generateReport: { max: 10, windowSeconds: 3_600 } },
};
