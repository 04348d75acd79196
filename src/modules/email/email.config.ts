import path from "node:path";
import { z } from "zod";
import { type FeatureConfig, type SectionEnv, configSection, positiveInt } from "../../config";

/** The email feature's variables, with their defaults and units. */
const emailEnv = {
  /** Where mail goes. Unset: each message is written as an .eml file under DATA_DIR/mail. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "must start with smtp:// or smtps://").optional(),
  MAIL_FROM: z.string().default("Skein <no-reply@skein.local>"),
  /** Consecutive SMTP failures that open the circuit breaker. */
  SMTP_BREAKER_FAILURES: positiveInt.default(5),
  /** How long an open breaker refuses sends before it lets one through to test the provider. */
  SMTP_BREAKER_HALF_OPEN_MS: positiveInt.default(30_000),
};

function emailSettingsFrom(raw: SectionEnv<typeof emailEnv>) {
  return {
    smtpUrl: raw.SMTP_URL,
    from: raw.MAIL_FROM,
    outboxDir: path.join(raw.DATA_DIR, "mail"),
    breakerFailures: raw.SMTP_BREAKER_FAILURES,
    breakerHalfOpenMs: raw.SMTP_BREAKER_HALF_OPEN_MS,
  };
}

/** config.email */
export type EmailSettings = Readonly<ReturnType<typeof emailSettingsFrom>>;

export const emailConfig: FeatureConfig = {
  section: configSection("email", emailEnv, emailSettingsFrom),
  fieldLimits: { sendWelcomeEmail: { max: 3, windowSeconds: 3_600 } },
};
