import { z } from "zod";
import { commaList, flag } from "./env-values";

/** One Sentinel's address. */
export interface SentinelAddress {
  host: string;
  port: number;
}

/**
 * Where the shared Redis is: one server by URL, or the master a set of
 * Sentinels names (which moves to a replica when the master fails).
 * `password` and `tls` apply to the Redis servers; `sentinelPassword` to
 * the Sentinels. Built once by loadConfig; src/infra/redis.ts turns it into
 * ioredis options for every connection.
 */
export type RedisTarget =
  | { kind: "url"; url: string; password?: string; tls: boolean }
  | {
      kind: "sentinel";
      sentinels: readonly SentinelAddress[];
      masterName: string;
      sentinelPassword?: string;
      password?: string;
      tls: boolean;
    };

/** More Sentinels than any deployment runs (they are usually 3 or 5). */
const sentinelsMax = 16;

const sentinelAddress = z
  .string()
  .regex(/^[^\s,]+:\d{1,5}$/, "must be host:port")
  .transform((value): SentinelAddress => {
    const colon = value.lastIndexOf(":");
    return { host: value.slice(0, colon).replace(/^\[(.*)\]$/, "$1"), port: Number(value.slice(colon + 1)) };
  })
  .refine((address) => address.port > 0 && address.port <= 65_535, "port must be 1 to 65535");

/** The Redis variables of the core's schema (config.schema.ts). */
export const redisVariables = {
  /**
   * Shared state for many processes: queues, pub/sub, cache, rate limits.
   * Unset (and no REDIS_SENTINELS): one process keeps all of that itself (the embedded default).
   */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must start with redis:// or rediss://").optional(),
  /** Sentinels, comma-separated host:port, instead of REDIS_URL: every connection follows the master they name. */
  REDIS_SENTINELS: commaList.pipe(z.array(sentinelAddress).max(sentinelsMax, `at most ${sentinelsMax} Sentinels`)).default(""),
  /** The master's name in the Sentinels' `sentinel monitor` line. */
  REDIS_SENTINEL_MASTER: z.string().max(200).optional(),
  REDIS_SENTINEL_PASSWORD: z.string().max(1_000).optional(),
  /** The Redis servers' password (with REDIS_URL, instead of one in the URL). */
  REDIS_PASSWORD: z.string().max(1_000).optional(),
  /** TLS to the Redis servers and the Sentinels (with REDIS_URL, rediss:// says the same). */
  REDIS_TLS: flag.default("false"),
};

type RedisRaw = z.infer<z.ZodObject<typeof redisVariables>>;

/** What is wrong with the combination of Redis variables, one line each. */
export function redisProblems(raw: RedisRaw): string[] {
  const sentinels = raw.REDIS_SENTINELS.length > 0;
  if (sentinels && raw.REDIS_URL) return ["REDIS_SENTINELS: set either REDIS_URL or REDIS_SENTINELS, not both"];
  if (sentinels && !raw.REDIS_SENTINEL_MASTER) return ["REDIS_SENTINEL_MASTER: required with REDIS_SENTINELS"];
  if (!sentinels && raw.REDIS_SENTINEL_MASTER) return ["REDIS_SENTINELS: required with REDIS_SENTINEL_MASTER"];
  return [];
}

/** Undefined when neither REDIS_URL nor REDIS_SENTINELS is set; call after redisProblems found none. */
export function redisTargetFrom(raw: RedisRaw): RedisTarget | undefined {
  const { REDIS_PASSWORD: password, REDIS_TLS: tls } = raw;
  if (raw.REDIS_URL) return Object.freeze({ kind: "url", url: raw.REDIS_URL, password, tls });
  if (raw.REDIS_SENTINELS.length === 0 || !raw.REDIS_SENTINEL_MASTER) return undefined;
  return Object.freeze({
    kind: "sentinel",
    sentinels: Object.freeze(raw.REDIS_SENTINELS),
    masterName: raw.REDIS_SENTINEL_MASTER,
    sentinelPassword: raw.REDIS_SENTINEL_PASSWORD,
    password,
    tls,
  });
}

/** True when several processes share state through Redis (either way of reaching it). */
export const usesRedis = (raw: Pick<RedisRaw, "REDIS_URL" | "REDIS_SENTINELS">): boolean => Boolean(raw.REDIS_URL) || raw.REDIS_SENTINELS.length > 0;
