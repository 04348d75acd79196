import path from "node:path";
import { z } from "zod";
import { commaList, flag, nonNegativeInt, optionalFlag, port, positiveInt, postgresUrl } from "./env-values";
import { projectRoot } from "./paths";
import { redisVariables } from "./redis-target";
import { tracingVariables } from "./tracing.schema";

/**
 * Every setting the core reads from the environment, with its default and
 * unit; each feature's own settings are in its section (its <x>.config.ts),
 * which loadConfig adds to these. A default that follows from other
 * settings (JWT_SECRET, GRAPHQL_INTROSPECTION) is optional here and filled
 * in where its part of the config is built (config.ts).
 */
export const coreConfigSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().default("0.0.0.0"),
  PORT: port.default(4000),

  /** Primary. Unset: an embedded PostgreSQL is started under DATA_DIR. */
  DATABASE_URL: postgresUrl.optional(),
  /** Read replicas, comma-separated. Unset: reads go to the primary. */
  DATABASE_REPLICA_URLS: commaList.pipe(z.array(postgresUrl)).default(""),
  DB_POOL_MAX: positiveInt.default(10),
  DB_REPLICA_POOL_MAX: positiveInt.default(10),
  /** Opening a connection; past it the server counts as down. */
  DB_CONNECT_TIMEOUT_MS: positiveInt.default(5_000),
  DB_IDLE_TIMEOUT_MS: positiveInt.default(30_000),
  DB_STATEMENT_TIMEOUT_MS: positiveInt.default(15_000),
  /**
   * Client-side wait for a query's reply: bounds a server that stops answering without
   * closing the socket. Above DB_STATEMENT_TIMEOUT_MS, so a slow statement fails on the server first.
   */
  DB_QUERY_TIMEOUT_MS: positiveInt.default(20_000),
  /** How often each process reads the replicas' replay positions and the primary's WAL head. */
  REPLICA_LAG_POLL_MS: positiveInt.default(250),
  /** A replica further behind than this (or not answering) takes no reads until it catches up. */
  REPLICA_MAX_LAG_MS: positiveInt.default(5_000),
  /** How long a signed-in viewer's last write position is kept (Redis, else per process); above REPLICA_MAX_LAG_MS. */
  READ_AFTER_TTL_SECONDS: positiveInt.default(60),

  DATA_DIR: z.string().default(path.join(projectRoot, ".data")),
  EMBEDDED_PG_PORT: port.default(54_329),
  MIGRATIONS_DIR: z.string().default(path.join(projectRoot, "drizzle")),

  /** The shared Redis: REDIS_URL, or REDIS_SENTINELS and the rest (redis-target.ts). */
  ...redisVariables,

  /**
   * HS256 secret for access tokens; at least 32 characters. Required with
   * DATABASE_URL or NODE_ENV=production; only the embedded database falls
   * back to the built-in (public) development secret.
   */
  JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  JWT_TTL_SECONDS: positiveInt.default(7 * 24 * 3600),
  /** How long a process keeps a user's role before reading it again: a demoted admin keeps admin rights that long. */
  ROLE_CACHE_TTL_SECONDS: positiveInt.default(5),

  /** Largest `first` a connection accepts. */
  PAGE_SIZE_MAX: positiveInt.default(100),
  /** Cap on an HTTP request body, in bytes. */
  BODY_LIMIT_BYTES: positiveInt.default(1_000_000),

  /**
   * Which proxies' X-Forwarded-For to believe (Express's "trust proxy": a
   * name such as loopback, addresses or CIDRs, or a hop count). Per-IP limits
   * count the address it yields, so set it to the load balancer's.
   */
  TRUST_PROXY: z
    .string()
    .default("loopback")
    .transform((value) => (/^\d+$/.test(value) ? Number(value) : value)),
  /**
   * Where clients reach the API (scheme, host, optional path; no trailing
   * slash), for absolute links such as Report.url. Unset: the request's own
   * scheme and host (X-Forwarded-Proto/-Host from a TRUST_PROXY proxy).
   */
  PUBLIC_URL: z
    .string()
    .url()
    .regex(/^https?:\/\//, "must start with http:// or https://")
    .transform((value) => value.replace(/\/+$/, ""))
    .optional(),
  /**
   * Browser origins allowed to call the API from another origin, exact
   * (`https://app.example.com`), comma-separated; `*` for any (only with
   * CORS_CREDENTIALS off). Unset: localhost, 127.0.0.1 and Apollo Studio
   * outside production, none in production (same origin only).
   */
  CORS_ORIGINS: commaList.pipe(z.array(z.string().regex(/^(\*|https?:\/\/[^/\s]+)$/, "must be an origin such as https://app.example.com (no path), or *"))).optional(),
  /** Lets browsers send cookies and HTTP auth to the allowed origins (Access-Control-Allow-Credentials). */
  CORS_CREDENTIALS: flag.default("false"),
  /** Prefix of every key this server writes to Redis (tests give each test its own). */
  REDIS_KEY_PREFIX: z.string().default("skein:"),

  /** Rate limits and query cost analysis; "false" only for benchmarks. */
  LIMITS_ENABLED: flag.default("true"),
  /** Requests to /graphql per client (user, else IP) per window; over it, HTTP 429. */
  CLIENT_RATE_LIMIT_MAX: positiveInt.default(600),
  CLIENT_RATE_LIMIT_WINDOW_SECONDS: positiveInt.default(60),
  /** Most requests an instance takes from the shared count at once (see ClientRateLimiter); 1: one Redis call per request. */
  CLIENT_RATE_LIMIT_BATCH: positiveInt.default(20),
  /** Deepest selection an operation may have (`{ a { b } }` is 2). */
  QUERY_DEPTH_MAX: positiveInt.default(12),
  /** Cost budget: every field costs 1, a field with `first` costs 1 + first x its children. */
  QUERY_COST_MAX: positiveInt.default(10_000),
  /** Aliased fields per operation. */
  QUERY_ALIASES_MAX: positiveInt.default(50),
  /** Tokens in a query document: parsing stops past it, before any other work. */
  QUERY_TOKENS_MAX: positiveInt.default(10_000),

  /** Largest WebSocket message, in bytes: a larger one closes the socket (1009) before it is read. */
  WS_MAX_PAYLOAD_BYTES: positiveInt.default(65_536),
  /** How long a new WebSocket may wait before its connection_init (graphql-ws closes it with 4408). */
  WS_CONNECTION_INIT_TIMEOUT_MS: positiveInt.default(10_000),
  /** Open subscription connections (WebSockets and SSE streams together) per client address in one process; the next gets HTTP 429. */
  WS_CONNECTIONS_PER_CLIENT_MAX: positiveInt.default(20),
  /** Active subscriptions on one WebSocket connection. */
  WS_SUBSCRIPTIONS_PER_CONNECTION_MAX: positiveInt.default(20),
  /** Active subscriptions per client (user, else IP) in one process, over all its connections, WebSocket and SSE. */
  WS_SUBSCRIPTIONS_PER_CLIENT_MAX: positiveInt.default(50),

  /** How long an automatic persisted query stays in Redis. */
  APQ_TTL_SECONDS: positiveInt.default(86_400),
  /**
   * Largest query, in bytes, a client may register as an automatic persisted
   * query: comments count here though not against QUERY_TOKENS_MAX.
   */
  APQ_MAX_BYTES: positiveInt.default(20_000),

  /** Manifests of trusted documents (SHA-256 hex to text): comma-separated files, or directories of *.json. Unset: none. */
  TRUSTED_DOCUMENTS: commaList.default(""),
  /** Run only the manifests' documents: any other text is refused, before parsing, with TRUSTED_DOCUMENT_REQUIRED. */
  TRUSTED_DOCUMENTS_ONLY: flag.default("false"),
  /** Cache-Control max-age of a GET of a trusted query that reads only public fields; 0: no public caching. */
  CATALOG_CACHE_MAX_AGE_SECONDS: nonNegativeInt.default(0),

  /** A subscriber whose socket or stream holds more unsent data than this is closed (WebSocket code 4413). */
  SUBSCRIPTION_BUFFER_MAX_BYTES: positiveInt.default(1_000_000),
  /** Pending connections the listener queues (the kernel caps it at net.core.somaxconn). */
  LISTEN_BACKLOG: positiveInt.default(4_096),

  /** API processes on one port (node:cluster); 1 runs the API in this process, with no supervisor. */
  WORKERS: positiveInt.default(1),
  /** Serve /metrics on this port instead of the API port (keeps it off a public listener). */
  METRICS_PORT: port.optional(),
  /** When /metrics is served on the API port: scrapes must send `Authorization: Bearer <this>`. Unset: open. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** After SIGTERM, how long requests in flight may take before their connections are cut. */
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  /**
   * After SIGTERM, keep accepting connections this long while /readyz answers 503, so a load
   * balancer stops routing here before the listener closes. 0 under Kubernetes, whose preStop
   * sleep does the same.
   */
  SHUTDOWN_DELAY_MS: nonNegativeInt.default(0),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Introspection and the explorers; on by default outside production. */
  GRAPHQL_INTROSPECTION: optionalFlag,

  ...tracingVariables,
});

export type CoreRawConfig = z.infer<typeof coreConfigSchema>;
