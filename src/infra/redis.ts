import { Redis, type RedisOptions } from "ioredis";
import { type Logger } from "pino";
import { type RedisTarget } from "../config";

export type RedisRole =
  /** Commands fail at once while Redis is down, so callers can degrade instead of waiting. */
  | "fail-fast"
  /** Commands wait for the connection to return: what BullMQ workers and subscribers need. */
  | "blocking";

const reconnectDelayMs = (attempt: number): number => Math.min(attempt * 200, 2_000);

/**
 * The connections of one process (one app: one logger) that are down. An
 * outage is logged once when the first of them notices and once when the
 * last recovers, not once per connection (a process holds several: cache,
 * queues, workers, pub/sub) nor per failed command.
 */
const downByLogger = new WeakMap<Logger, Set<string>>();

function trackOutage(redis: Redis, logger: Logger, name: string): void {
  const down = downByLogger.get(logger) ?? new Set<string>();
  downByLogger.set(logger, down);
  redis.on("error", (error) => {
    if (down.has(name)) return;
    if (down.size === 0) logger.warn({ err: error, redis: name }, "Redis is unreachable; degrading until it returns");
    down.add(name);
  });
  redis.on("ready", () => {
    if (!down.delete(name)) return;
    if (down.size === 0) logger.info({ redis: name }, "Redis is back");
  });
}

/**
 * Where every connection goes (`target`: REDIS_URL, or the master the
 * Sentinels name), in the form ioredis takes. Behind Sentinels a connection
 * that drops asks them for the master again (every 0.2 s to 2 s until one
 * answers), so it follows a failover. ioredis's `failoverDetector` stays
 * off: with it, a switch announced while a connection waits between two
 * attempts ended that connection for good (status "end", never back) in
 * test/failover-redis.test.ts.
 */
function targetOptions(target: RedisTarget): RedisOptions {
  const tls = target.tls ? { tls: {} } : {};
  if (target.kind === "url") return { ...tls, ...(target.password === undefined ? {} : { password: target.password }) };
  return {
    ...tls,
    sentinels: target.sentinels.map(({ host, port }) => ({ host, port })),
    name: target.masterName,
    sentinelPassword: target.sentinelPassword,
    password: target.password,
    enableTLSForSentinelMode: target.tls,
    sentinelRetryStrategy: reconnectDelayMs,
  };
}

/**
 * A Redis connection that reconnects forever (every 0.2 s to 2 s), to the
 * master wherever it is; see trackOutage for its logging. `autoPipelining`:
 * the commands issued in one turn of the event loop go out in one write
 * (one system call for each side instead of one per command), for a
 * connection many concurrent callers share. The only place a connection is
 * made: BullMQ duplicates these for its blocking connections, with the same options.
 */
export function createRedis(target: RedisTarget, role: RedisRole, logger: Logger, name: string = role, { autoPipelining = false } = {}): Redis {
  const options: RedisOptions =
    role === "fail-fast"
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: reconnectDelayMs }
      : { maxRetriesPerRequest: null, retryStrategy: reconnectDelayMs };
  const shared: RedisOptions = { ...targetOptions(target), ...options, enableAutoPipelining: autoPipelining, connectionName: `skein-${name}` };
  const redis = target.kind === "url" ? new Redis(target.url, shared) : new Redis(shared);
  trackOutage(redis, logger, name);
  return redis;
}

/**
 * Calls `listener` each time `redis` is ready again after losing its
 * server (not at the first connect): after a failover the new master may
 * lack the last writes the old one acknowledged.
 */
export function onReconnect(redis: Redis, listener: () => void): void {
  let connectedBefore = redis.status === "ready";
  redis.on("ready", () => {
    if (connectedBefore) listener();
    connectedBefore = true;
  });
}

/**
 * Resolves once `redis` is connected, or after `timeoutMs` if it is not:
 * a process that starts while Redis is down serves degraded rather than not
 * at all, and one that starts with it up shares limits from its first request.
 */
export async function untilReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off("ready", done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    redis.once("ready", done);
  });
}
