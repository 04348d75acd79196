import { existsSync } from "node:fs";
import path from "node:path";
import { type ZodError } from "zod";
import { type RawConfig, configSchema } from "./config.schema";
import { projectRoot } from "./paths";

/** A problem with one environment variable; `main` prints it and exits 1. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

const developmentJwtSecret = "development-only-secret-do-not-use-in-production";

function describe(error: ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`);
}

const perWindow = (max: number, windowSeconds: number) => Object.freeze({ max, windowSeconds });

function limitsFrom(raw: RawConfig) {
  return Object.freeze({
    enabled: raw.LIMITS_ENABLED,
    client: perWindow(raw.CLIENT_RATE_LIMIT_MAX, raw.CLIENT_RATE_LIMIT_WINDOW_SECONDS),
    /** The closed set of per-field limits: `@RateLimit(name)` takes one of these names. */
    fields: Object.freeze({
      logIn: perWindow(raw.RATE_LIMIT_LOG_IN_MAX, raw.RATE_LIMIT_LOG_IN_WINDOW_SECONDS),
      signUp: perWindow(raw.RATE_LIMIT_SIGN_UP_MAX, raw.RATE_LIMIT_SIGN_UP_WINDOW_SECONDS),
      placeOrder: perWindow(raw.RATE_LIMIT_PLACE_ORDER_MAX, raw.RATE_LIMIT_PLACE_ORDER_WINDOW_SECONDS),
      generateReport: perWindow(raw.RATE_LIMIT_GENERATE_REPORT_MAX, raw.RATE_LIMIT_GENERATE_REPORT_WINDOW_SECONDS),
      sendWelcomeEmail: perWindow(raw.RATE_LIMIT_SEND_WELCOME_EMAIL_MAX, raw.RATE_LIMIT_SEND_WELCOME_EMAIL_WINDOW_SECONDS),
    }),
    depthMax: raw.QUERY_DEPTH_MAX,
    costMax: raw.QUERY_COST_MAX,
    aliasesMax: raw.QUERY_ALIASES_MAX,
    tokensMax: raw.QUERY_TOKENS_MAX,
  });
}

/** Adds the variables of the project's `.env`, if there is one; the real environment wins. */
export function loadDotEnv(file = path.join(projectRoot, ".env")): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

/** Parses the environment once; every problem is listed, one line each. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  // An empty variable (`DATABASE_URL=`) means "not set", as in most tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(describe(parsed.error));
  const raw = parsed.data;
  const production = raw.NODE_ENV === "production";
  if (production && !raw.JWT_SECRET) {
    throw new ConfigError(["JWT_SECRET: required when NODE_ENV=production"]);
  }
  return Object.freeze({
    env: raw.NODE_ENV,
    production,
    host: raw.HOST,
    port: raw.PORT,
    trustProxy: raw.TRUST_PROXY,
    db: Object.freeze({
      primaryUrl: raw.DATABASE_URL,
      replicaUrls: Object.freeze(raw.DATABASE_REPLICA_URLS),
      poolMax: raw.DB_POOL_MAX,
      replicaPoolMax: raw.DB_REPLICA_POOL_MAX,
      connectTimeoutMs: raw.DB_CONNECT_TIMEOUT_MS,
      idleTimeoutMs: raw.DB_IDLE_TIMEOUT_MS,
      statementTimeoutMs: raw.DB_STATEMENT_TIMEOUT_MS,
      replicaRetryAfterMs: raw.DB_REPLICA_RETRY_AFTER_MS,
      migrationsDir: raw.MIGRATIONS_DIR,
    }),
    redisUrl: raw.REDIS_URL,
    redisKeyPrefix: raw.REDIS_KEY_PREFIX,
    embedded: Object.freeze({ dataDir: raw.DATA_DIR, postgresPort: raw.EMBEDDED_PG_PORT }),
    auth: Object.freeze({
      jwtSecret: raw.JWT_SECRET ?? developmentJwtSecret,
      tokenTtlSeconds: raw.JWT_TTL_SECONDS,
    }),
    graphql: Object.freeze({
      pageSizeMax: raw.PAGE_SIZE_MAX,
      bodyLimitBytes: raw.BODY_LIMIT_BYTES,
      introspection: raw.GRAPHQL_INTROSPECTION ? raw.GRAPHQL_INTROSPECTION === "true" : !production,
    }),
    limits: limitsFrom(raw),
    cache: Object.freeze({ profileTtlSeconds: raw.PROFILE_CACHE_TTL_SECONDS, apqTtlSeconds: raw.APQ_TTL_SECONDS }),
    jobs: Object.freeze({
      prefix: raw.JOBS_PREFIX,
      workerInApi: raw.WORKER_IN_API ? raw.WORKER_IN_API === "true" : !raw.REDIS_URL,
      concurrency: raw.WORKER_CONCURRENCY,
      maxAttempts: raw.JOB_MAX_ATTEMPTS,
      backoffMs: raw.JOB_BACKOFF_MS,
      lockMs: raw.JOB_LOCK_MS,
      dispatchPollMs: raw.JOB_DISPATCH_POLL_MS,
      requeueAfterSeconds: raw.JOB_REQUEUE_AFTER_SECONDS,
      maintenanceEveryMs: raw.MAINTENANCE_EVERY_MS,
      idempotencyKeyTtlSeconds: raw.IDEMPOTENCY_KEY_TTL_SECONDS,
    }),
    mail: Object.freeze({
      smtpUrl: raw.SMTP_URL,
      from: raw.MAIL_FROM,
      outboxDir: path.join(raw.DATA_DIR, "mail"),
      breakerFailures: raw.SMTP_BREAKER_FAILURES,
      breakerHalfOpenMs: raw.SMTP_BREAKER_HALF_OPEN_MS,
    }),
    reports: Object.freeze({
      chunkRows: raw.REPORT_CHUNK_ROWS,
      chunkPauseMs: raw.REPORT_CHUNK_PAUSE_MS,
      urlTtlSeconds: raw.REPORT_URL_TTL_SECONDS,
      retentionSeconds: raw.REPORT_RETENTION_SECONDS,
      signingSecret: raw.REPORT_SIGNING_SECRET ?? `reports:${raw.JWT_SECRET ?? developmentJwtSecret}`,
    }),
    logLevel: raw.LOG_LEVEL,
    workers: raw.WORKERS,
    metricsPort: raw.METRICS_PORT,
    shutdown: Object.freeze({ timeoutMs: raw.SHUTDOWN_TIMEOUT_MS, delayMs: raw.SHUTDOWN_DELAY_MS }),
  });
}

export type Config = ReturnType<typeof loadConfig>;
