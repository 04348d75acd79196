import { Redis, type RedisOptions } from "ioredis";
import { type Logger } from "pino";

export type RedisRole =
  /** Commands fail at once while Redis is down, so callers can degrade instead of waiting. */
  | "fail-fast"
  /** Commands wait for the connection to return: what BullMQ workers and subscribers need. */
  | "blocking";

const reconnectDelayMs = (attempt: number): number => Math.min(attempt * 200, 2_000);

/**
 * A Redis connection that reconnects forever (every 0.2 s to 2 s) and logs
 * each loss and recovery once, not once per failed command.
 */
export function createRedis(url: string, role: RedisRole, logger: Logger, name: string = role): Redis {
  const options: RedisOptions =
    role === "fail-fast"
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: reconnectDelayMs }
      : { maxRetriesPerRequest: null, retryStrategy: reconnectDelayMs };
  const redis = new Redis(url, { ...options, connectionName: `skein-${name}` });
  let down = false;
  redis.on("error", (error) => {
    if (down) return;
    down = true;
    logger.warn({ err: error, redis: name }, "Redis is unreachable; degrading until it returns");
  });
  redis.on("ready", () => {
    if (!down) return;
    down = false;
    logger.info({ redis: name }, "Redis is back");
  });
  return redis;
}
