/** What the job benches' API and worker processes sign tokens with; the benches mint their clients' tokens with it too. */
export const jobStackJwtSecret = "bench-secret-that-is-at-least-32-characters";

export interface JobStack {
  databaseUrl: string;
  redisUrl: string;
  /** The bench's own namespace for BullMQ and every other Redis key, removed after the run. */
  prefix: string;
}

/**
 * The environment of a job bench's API and worker processes: production,
 * jobs run by separate worker processes, Redis under the bench's own
 * prefix, and the endpoint limit raised so the bench's clients are never
 * refused. `extra` adds what one bench needs.
 */
export const jobStackEnv = ({ databaseUrl, redisUrl, prefix }: JobStack, extra: Record<string, string>): Record<string, string> => ({
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  JOBS_PREFIX: prefix,
  REDIS_KEY_PREFIX: `${prefix}:`,
  JWT_SECRET: jobStackJwtSecret,
  NODE_ENV: "production",
  LOG_LEVEL: "warn",
  WORKER_IN_API: "false",
  CLIENT_RATE_LIMIT_MAX: "10000000",
  ...extra,
});
