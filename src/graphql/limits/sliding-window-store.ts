import { randomUUID } from "node:crypto";
import { type Identity, type Store } from "graphql-rate-limit";
import { type Redis } from "ioredis";
import { LocalFallbackMap } from "../../infra/local-fallback-map";
import { hashedKeyPart } from "./hashed-key";

/**
 * Trims the window, then takes a slot if one is free, in one step on the
 * Redis server: concurrent callers on any number of instances can never
 * both take the last slot. Returns the number of calls in the window before
 * this one.
 */
const takeSlotScript = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
local count = redis.call('ZCARD', KEYS[1])
if count < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return count`;

export interface WindowOptions {
  /** Calls allowed per window. */
  max: number;
  windowMs: number;
  /** Prepended to every Redis key, e.g. `skein:rl:logIn:`. */
  keyPrefix: string;
}

/**
 * A graphql-rate-limit Store for one limit, with a sliding window log.
 *
 * The library reads timestamps (getForIdentity), decides, then writes them
 * back (setForIdentity): two steps, so a burst of concurrent calls all read
 * the same count and all get through. Here the read is the atomic "take a
 * slot" and the write is a no-op. Rejected calls are not counted, so a
 * client that waits retryAfterSeconds gets through.
 *
 * While Redis is unreachable, counts are kept per process; when it returns,
 * the shared counts are used again. Timestamps come from each instance's
 * clock, so instances must agree on the time to well within a window (NTP).
 */
export class SlidingWindowStore implements Store {
  /** Calls while Redis is unreachable; a key with no call in the window is stale. */
  private readonly local = new LocalFallbackMap<string, number[]>((calls) => !calls.some((at) => at > Date.now() - this.options.windowMs));

  constructor(
    private readonly options: WindowOptions,
    private readonly redis: Redis | undefined,
  ) {}

  /** Takes a slot if one is free; returns one timestamp per call already in the window. */
  async getForIdentity(identity: Identity): Promise<readonly number[]> {
    const now = Date.now();
    const count = await this.takeSlot(this.key(identity), now);
    // The limiter only counts these: `count + 1 > max` is exactly "no slot was free".
    return new Array<number>(count).fill(now);
  }

  /** The slot was taken (or not) by getForIdentity already. */
  setForIdentity(): void {}

  /** Seconds until the oldest call in the window leaves it, freeing a slot; at least 1. */
  async retryAfterSeconds(identity: Identity): Promise<number> {
    const key = this.key(identity);
    const oldest = (await this.oldestShared(key)) ?? this.local.get(key)?.[0] ?? Date.now();
    return Math.max(1, Math.ceil((oldest + this.options.windowMs - Date.now()) / 1000));
  }

  /** Both identities can carry client text (logIn's email): hashed, the key stays short. */
  private key(identity: Identity): string {
    return `${this.options.keyPrefix}${hashedKeyPart(`${identity.contextIdentity}:${identity.fieldIdentity}`)}`;
  }

  private async takeSlot(key: string, now: number): Promise<number> {
    if (this.redis?.status === "ready") {
      try {
        const { max, windowMs } = this.options;
        return Number(await this.redis.eval(takeSlotScript, 1, key, now, windowMs, max, `${now}:${randomUUID()}`));
      } catch {
        // Redis went away mid-call: count locally (its loss is logged once by createRedis).
      }
    }
    return this.takeLocalSlot(key, now);
  }

  private takeLocalSlot(key: string, now: number): number {
    const calls = (this.local.get(key) ?? []).filter((at) => at > now - this.options.windowMs);
    const count = calls.length;
    if (count < this.options.max) calls.push(now);
    this.local.set(key, calls);
    return count;
  }

  private async oldestShared(key: string): Promise<number | undefined> {
    if (this.redis?.status !== "ready") return undefined;
    try {
      const [, score] = await this.redis.zrange(key, 0, 0, "WITHSCORES");
      return score === undefined ? undefined : Number(score);
    } catch {
      return undefined;
    }
  }
}
