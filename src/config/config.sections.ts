// The typed, frozen sections of the config, each built from the parsed
// environment; loadConfig puts them together.
import path from "node:path";
import { type RawConfig } from "./config.schema";

/** Signs tokens when JWT_SECRET is unset, which production refuses. */
export const developmentJwtSecret = "development-only-secret-do-not-use-in-production";

export function databaseFrom(raw: RawConfig) {
  return Object.freeze({
    primaryUrl: raw.DATABASE_URL,
    replicaUrls: Object.freeze(raw.DATABASE_REPLICA_URLS),
    poolMax: raw.DB_POOL_MAX,
    replicaPoolMax: raw.DB_REPLICA_POOL_MAX,
    connectTimeoutMs: raw.DB_CONNECT_TIMEOUT_MS,
    idleTimeoutMs: raw.DB_IDLE_TIMEOUT_MS,
    statementTimeoutMs: raw.DB_STATEMENT_TIMEOUT_MS,
    queryTimeoutMs: raw.DB_QUERY_TIMEOUT_MS,
    replicaLagPollMs: raw.REPLICA_LAG_POLL_MS,
    replicaMaxLagMs: raw.REPLICA_MAX_LAG_MS,
    readAfterTtlSeconds: raw.READ_AFTER_TTL_SECONDS,
    migrationsDir: raw.MIGRATIONS_DIR,
  });
}

const perWindow = (max: number, windowSeconds: number) => Object.freeze({ max, windowSeconds });

export function limitsFrom(raw: RawConfig) {
  return Object.freeze({
    enabled: raw.LIMITS_ENABLED,
    client: Object.freeze({ ...perWindow(raw.CLIENT_RATE_LIMIT_MAX, raw.CLIENT_RATE_LIMIT_WINDOW_SECONDS), batch: raw.CLIENT_RATE_LIMIT_BATCH }),
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

/** WebSocket sizes and caps; the caps (not the message size) are off with LIMITS_ENABLED=false, like every limit. */
export function websocketFrom(raw: RawConfig) {
  return Object.freeze({
    maxPayloadBytes: raw.WS_MAX_PAYLOAD_BYTES,
    connectionInitTimeoutMs: raw.WS_CONNECTION_INIT_TIMEOUT_MS,
    connectionsPerClientMax: raw.WS_CONNECTIONS_PER_CLIENT_MAX,
    subscriptionsPerConnectionMax: raw.WS_SUBSCRIPTIONS_PER_CONNECTION_MAX,
    subscriptionsPerClientMax: raw.WS_SUBSCRIPTIONS_PER_CLIENT_MAX,
  });
}

export function jobsFrom(raw: RawConfig) {
  return Object.freeze({
    prefix: raw.JOBS_PREFIX,
    workerInApi: raw.WORKER_IN_API ? raw.WORKER_IN_API === "true" : !raw.REDIS_URL,
    concurrency: raw.WORKER_CONCURRENCY,
    maxAttempts: raw.JOB_MAX_ATTEMPTS,
    backoffMs: raw.JOB_BACKOFF_MS,
    lockMs: raw.JOB_LOCK_MS,
    dispatchPollMs: raw.JOB_DISPATCH_POLL_MS,
    dispatchLeaseMs: raw.JOB_DISPATCH_LEASE_MS,
    requeueAfterSeconds: raw.JOB_REQUEUE_AFTER_SECONDS,
    maintenanceEveryMs: raw.MAINTENANCE_EVERY_MS,
    idempotencyKeyTtlSeconds: raw.IDEMPOTENCY_KEY_TTL_SECONDS,
  });
}

export function mailFrom(raw: RawConfig) {
  return Object.freeze({
    smtpUrl: raw.SMTP_URL,
    from: raw.MAIL_FROM,
    outboxDir: path.join(raw.DATA_DIR, "mail"),
    breakerFailures: raw.SMTP_BREAKER_FAILURES,
    breakerHalfOpenMs: raw.SMTP_BREAKER_HALF_OPEN_MS,
  });
}

export function reportsFrom(raw: RawConfig) {
  return Object.freeze({
    chunkRows: raw.REPORT_CHUNK_ROWS,
    chunkPauseMs: raw.REPORT_CHUNK_PAUSE_MS,
    urlTtlSeconds: raw.REPORT_URL_TTL_SECONDS,
    retentionSeconds: raw.REPORT_RETENTION_SECONDS,
    signingSecret: raw.REPORT_SIGNING_SECRET ?? `reports:${raw.JWT_SECRET ?? developmentJwtSecret}`,
  });
}
