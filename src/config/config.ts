import { existsSync } from "node:fs";
import path from "node:path";
import { type ZodError } from "zod";
import { type CoreRawConfig, coreConfigSchema } from "./config.schema";
import { corsFrom, databaseFrom, developmentJwtSecret, limitsFrom, trustedDocumentsFrom, websocketFrom } from "./config.sections";
import { type FeatureConfig, type FeatureSettings, featureSettingsFrom, featureVariables, fieldLimitsFrom } from "./feature-config";
import { projectRoot } from "./paths";
import { redisProblems, redisTargetFrom } from "./redis-target";

/** A problem with one environment variable; `main` prints it and exits 1. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

function describe(error: ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`);
}

/** Adds the variables of the project's `.env`, if there is one; the real environment wins. */
export function loadDotEnv(file = path.join(projectRoot, ".env")): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

/** What loadConfig reads of a feature: the FeatureModules of src/features.ts fit. */
export interface ConfiguredFeature {
  config?: FeatureConfig;
}

/** The core's variables and every feature's, as one schema. */
export function configSchemaOf(features: readonly ConfiguredFeature[]) {
  const parts = features.flatMap((feature) => feature.config ?? []);
  return coreConfigSchema.extend(featureVariables(parts, Object.keys(coreConfigSchema.shape)));
}

/**
 * Parses the environment once, against the core's variables and those of
 * every feature in the list; every problem is listed, one line each.
 */
export function loadConfig(env: NodeJS.ProcessEnv, features: readonly ConfiguredFeature[]): Config {
  // An empty variable (`DATABASE_URL=`) means "not set", as in most tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = configSchemaOf(features).safeParse(present);
  if (!parsed.success) throw new ConfigError(describe(parsed.error));
  const raw = parsed.data as CoreRawConfig & Record<string, unknown>;
  if (raw.NODE_ENV === "production" && !raw.JWT_SECRET) {
    throw new ConfigError(["JWT_SECRET: required when NODE_ENV=production"]);
  }
  const redisConflicts = redisProblems(raw);
  if (redisConflicts.length > 0) throw new ConfigError(redisConflicts);
  if (raw.TRUSTED_DOCUMENTS_ONLY && raw.TRUSTED_DOCUMENTS.length === 0) {
    throw new ConfigError(["TRUSTED_DOCUMENTS_ONLY: needs TRUSTED_DOCUMENTS (with no manifest every operation would be refused)"]);
  }
  if (raw.CORS_CREDENTIALS && raw.CORS_ORIGINS?.includes("*")) {
    throw new ConfigError(["CORS_ORIGINS: * is refused with CORS_CREDENTIALS=true (list the origins)"]);
  }
  const parts = features.flatMap((feature) => feature.config ?? []);
  const core = coreConfigFrom(raw, fieldLimitsFrom(parts, raw));
  return Object.freeze({ ...featureSettingsFrom(parts, raw, Object.keys(core)), ...core });
}

function coreConfigFrom(raw: CoreRawConfig, fieldLimits: Parameters<typeof limitsFrom>[1]) {
  const production = raw.NODE_ENV === "production";
  return {
    env: raw.NODE_ENV,
    production,
    host: raw.HOST,
    port: raw.PORT,
    trustProxy: raw.TRUST_PROXY,
    publicUrl: raw.PUBLIC_URL,
    cors: corsFrom(raw),
    db: databaseFrom(raw),
    redis: redisTargetFrom(raw),
    redisKeyPrefix: raw.REDIS_KEY_PREFIX,
    embedded: Object.freeze({ dataDir: raw.DATA_DIR, postgresPort: raw.EMBEDDED_PG_PORT }),
    auth: Object.freeze({
      /** Undefined with DATABASE_URL and no JWT_SECRET: the API refuses to start (see requireJwtSecret). */
      jwtSecret: raw.JWT_SECRET ?? (raw.DATABASE_URL ? undefined : developmentJwtSecret),
      tokenTtlSeconds: raw.JWT_TTL_SECONDS,
      roleCacheTtlMs: raw.ROLE_CACHE_TTL_SECONDS * 1_000,
    }),
    graphql: Object.freeze({
      pageSizeMax: raw.PAGE_SIZE_MAX,
      bodyLimitBytes: raw.BODY_LIMIT_BYTES,
      introspection: raw.GRAPHQL_INTROSPECTION ? raw.GRAPHQL_INTROSPECTION === "true" : !production,
    }),
    limits: limitsFrom(raw, fieldLimits),
    websocket: websocketFrom(raw),
    subscriptions: Object.freeze({ bufferMaxBytes: raw.SUBSCRIPTION_BUFFER_MAX_BYTES }),
    listenBacklog: raw.LISTEN_BACKLOG,
    cache: Object.freeze({ apqTtlSeconds: raw.APQ_TTL_SECONDS, apqMaxBytes: raw.APQ_MAX_BYTES }),
    trustedDocuments: trustedDocumentsFrom(raw),
    logLevel: raw.LOG_LEVEL,
    workers: raw.WORKERS,
    metricsPort: raw.METRICS_PORT,
    metricsToken: raw.METRICS_TOKEN,
    shutdown: Object.freeze({ timeoutMs: raw.SHUTDOWN_TIMEOUT_MS, delayMs: raw.SHUTDOWN_DELAY_MS }),
  };
}

export type Config = Readonly<ReturnType<typeof coreConfigFrom> & FeatureSettings>;

/**
 * The key that signs tokens. The built-in development secret is public, so
 * it signs only for the embedded database: with DATABASE_URL the API needs
 * JWT_SECRET (a random per-start secret would log every user out at each
 * restart and differ between processes).
 */
export function requireJwtSecret(config: Config): string {
  if (config.auth.jwtSecret === undefined) {
    throw new ConfigError(["JWT_SECRET: required when DATABASE_URL is set (the built-in development secret is public; e.g. JWT_SECRET=$(openssl rand -hex 32))"]);
  }
  return config.auth.jwtSecret;
}
