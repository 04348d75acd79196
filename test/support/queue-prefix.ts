import { Redis } from "ioredis";
import { unique } from "./fixtures";

export const testRedisUrl = (): string => process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * A BullMQ prefix of the test's own on the shared Redis, so tests never see
 * each other's jobs; `remove` deletes every key under it afterwards.
 */
export function testQueuePrefix() {
  const prefix = `test-${unique()}`;
  return {
    prefix,
    remove: async () => {
      const redis = new Redis(testRedisUrl());
      try {
        let cursor = "0";
        do {
          const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
          cursor = next;
          if (keys.length) await redis.del(...keys);
        } while (cursor !== "0");
      } finally {
        redis.disconnect();
      }
    },
  };
}
