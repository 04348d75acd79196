import path from "node:path";
import { z } from "zod";
import { projectRoot } from "./paths";

const commaList = z
  .string()
  .transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean));

const postgresUrl = z
  .string()
  .url()
  .refine((url) => /^postgres(ql)?:\/\//.test(url), "must start with postgres:// or postgresql://");

const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().positive();

/**
 * Every setting the server reads from the environment, with its default and
 * unit. This is the only place defaults live.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().default("0.0.0.0"),
  PORT: port.default(4000),

  /** Primary. Unset: an embedded PostgreSQL is started under DATA_DIR. */
  DATABASE_URL: postgresUrl.optional(),
  /** Read replicas, comma-separated. Unset: reads go to the primary. */
  DATABASE_REPLICA_URLS: commaList.pipe(z.array(postgresUrl)).default(""),
  DB_POOL_MAX: positiveInt.default(10),
  DB_REPLICA_POOL_MAX: positiveInt.default(10),
  DB_CONNECT_TIMEOUT_MS: positiveInt.default(5_000),
  DB_IDLE_TIMEOUT_MS: positiveInt.default(30_000),
  DB_STATEMENT_TIMEOUT_MS: positiveInt.default(15_000),
  /** A replica that could not be reached is skipped for this long before it is tried again. */
  DB_REPLICA_RETRY_AFTER_MS: positiveInt.default(5_000),

  DATA_DIR: z.string().default(path.join(projectRoot, ".data")),
  EMBEDDED_PG_PORT: port.default(54_329),
  MIGRATIONS_DIR: z.string().default(path.join(projectRoot, "drizzle")),

  /**
   * Shared state for many processes: queues, pub/sub, cache, rate limits.
   * Unset: one process keeps all of that itself (the embedded default).
   */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must start with redis:// or rediss://").optional(),

  /** HS256 secret for access tokens; at least 32 characters. */
  JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  JWT_TTL_SECONDS: positiveInt.default(7 * 24 * 3600),

  /** Largest `first` a connection accepts. */
  PAGE_SIZE_MAX: positiveInt.default(100),
  /** Cap on an HTTP request body, in bytes. */
  BODY_LIMIT_BYTES: positiveInt.default(1_000_000),

  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Introspection and the explorers; on by default outside production. */
  GRAPHQL_INTROSPECTION: z.enum(["true", "false"]).optional(),
});

export type RawConfig = z.infer<typeof configSchema>;
