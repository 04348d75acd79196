// The typed, frozen parts of the core's config, each built from the parsed
// environment; loadConfig puts them together with the features' sections.
import { type CoreRawConfig } from "./config.schema";
import { type FieldLimit, type FieldLimitName } from "./feature-config";

/** Signs tokens when JWT_SECRET is unset, which production refuses. */
export const developmentJwtSecret = "development-only-secret-do-not-use-in-production";

export function databaseFrom(raw: CoreRawConfig) {
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

export function limitsFrom(raw: CoreRawConfig, fields: Readonly<Record<FieldLimitName, FieldLimit>>) {
  return Object.freeze({
    enabled: raw.LIMITS_ENABLED,
    client: Object.freeze({ max: raw.CLIENT_RATE_LIMIT_MAX, windowSeconds: raw.CLIENT_RATE_LIMIT_WINDOW_SECONDS, batch: raw.CLIENT_RATE_LIMIT_BATCH }),
    /** The per-field limits the features declare: `@RateLimit(name)` takes one of these names. */
    fields,
    depthMax: raw.QUERY_DEPTH_MAX,
    costMax: raw.QUERY_COST_MAX,
    aliasesMax: raw.QUERY_ALIASES_MAX,
    tokensMax: raw.QUERY_TOKENS_MAX,
  });
}

/** WebSocket sizes and caps; the caps (not the message size) are off with LIMITS_ENABLED=false, like every limit. */
export function websocketFrom(raw: CoreRawConfig) {
  return Object.freeze({
    maxPayloadBytes: raw.WS_MAX_PAYLOAD_BYTES,
    connectionInitTimeoutMs: raw.WS_CONNECTION_INIT_TIMEOUT_MS,
    connectionsPerClientMax: raw.WS_CONNECTIONS_PER_CLIENT_MAX,
    subscriptionsPerConnectionMax: raw.WS_SUBSCRIPTIONS_PER_CONNECTION_MAX,
    subscriptionsPerClientMax: raw.WS_SUBSCRIPTIONS_PER_CLIENT_MAX,
  });
}

/** Trusted documents (src/graphql/trusted-documents/). */
export function trustedDocumentsFrom(raw: CoreRawConfig) {
  return Object.freeze({
    manifestPaths: Object.freeze(raw.TRUSTED_DOCUMENTS),
    only: raw.TRUSTED_DOCUMENTS_ONLY,
    catalogCacheMaxAgeSeconds: raw.CATALOG_CACHE_MAX_AGE_SECONDS,
  });
}

/** What browsers on other origins may do (src/transports/http/cors.ts): `origins` undefined means the environment's default. */
export function corsFrom(raw: CoreRawConfig) {
  return Object.freeze({
    origins: raw.CORS_ORIGINS && Object.freeze(raw.CORS_ORIGINS),
    credentials: raw.CORS_CREDENTIALS,
  });
}
