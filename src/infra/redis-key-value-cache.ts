import { type KeyValueCache, type KeyValueCacheSetOptions } from "@apollo/utils.keyvaluecache";
import { type Redis } from "ioredis";

/**
 * Apollo's APQ keys are `apq:` and a SHA-256 in hex. A longer key is a hash a
 * client made up: never looked up, so no request can send a large key to Redis.
 */
const maxKeyLength = 128;

/**
 * Apollo's KeyValueCache over ioredis (for APQ, whose keys Apollo starts
 * with `apq:`). While Redis is down, reads miss and writes are dropped: a
 * client sending only a hash is then asked for the full query
 * (PERSISTED_QUERY_NOT_FOUND), which it sends, so nothing fails.
 */
export class RedisKeyValueCache implements KeyValueCache<string> {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  async get(key: string): Promise<string | undefined> {
    if (this.redis.status !== "ready" || key.length > maxKeyLength) return undefined;
    return (await this.redis.get(this.keyPrefix + key).catch(() => null)) ?? undefined;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    if (this.redis.status !== "ready" || key.length > maxKeyLength) return;
    const fullKey = this.keyPrefix + key;
    // No ttl (or null) means no expiry, as Apollo defines it.
    const written = options?.ttl ? this.redis.set(fullKey, value, "EX", options.ttl) : this.redis.set(fullKey, value);
    await written.catch(() => undefined);
  }

  async delete(key: string): Promise<boolean> {
    if (this.redis.status !== "ready") return false;
    return (await this.redis.del(this.keyPrefix + key).catch(() => 0)) > 0;
  }
}
