import { type Redis } from "ioredis";
import { setTimeout as sleep } from "node:timers/promises";
import { reviveDates } from "../../infra/json-dates";
import { type Metrics } from "../../infra/metrics";
import { type UserProfile } from "./user.table";

/** Reads the profiles of these ids from the database, in one statement. */
export type LoadProfiles = (ids: number[]) => Promise<Map<number, UserProfile>>;

/** How long another process may hold the right to fill a key before we read it ourselves. */
const fillLockMs = 2_000;
/** While another process fills a key, look for it every 20 ms (for at most fillLockMs). */
const pollEveryMs = 20;

/** JSON of a profile; a full row's password hash is dropped even if one is passed. */
const serialize = (profile: UserProfile & { passwordHash?: string }): string => {
  const { passwordHash: _passwordHash, ...shown } = profile;
  return JSON.stringify(shown);
};

const revive = (json: string): UserProfile => reviveDates<UserProfile>(JSON.parse(json) as Record<string, unknown>, ["createdAt", "updatedAt"]);

/**
 * User profiles (never password hashes) read through Redis with a TTL.
 * Concurrent misses for one id share one load: per process through a map
 * of loads in flight, across processes through a short lock in Redis whose
 * holder fills the key while the others poll for it. With Redis down (or no
 * REDIS_URL) it reads the database, still one load per id per process.
 *
 * A fill only writes a key that is absent (SET NX) and a change overwrites
 * it, so a fill that read the row before the change cannot put the old
 * profile back after it.
 */
export class ProfileCache {
  private readonly inFlight = new Map<number, Promise<UserProfile | null>>();

  constructor(
    private readonly redis: Redis | undefined,
    private readonly keyPrefix: string,
    private readonly ttlSeconds: number,
    private readonly metrics: Metrics,
  ) {}

  /** Profiles in the order of `ids`, null where there is none. */
  getMany(ids: readonly number[], load: LoadProfiles): Promise<Array<UserProfile | null>> {
    const fresh = [...new Set(ids.filter((id) => !this.inFlight.has(id)))];
    if (fresh.length > 0) {
      const batch = this.readThrough(fresh, load);
      for (const id of fresh) {
        const one = batch.then((profiles) => profiles.get(id) ?? null);
        this.inFlight.set(id, one);
        const done = () => {
          if (this.inFlight.get(id) === one) this.inFlight.delete(id);
        };
        one.then(done, done);
      }
    }
    return Promise.all(ids.map((id) => this.inFlight.get(id)!));
  }

  /** Replaces a profile that changed (after its transaction committed). */
  async replace(profile: UserProfile): Promise<void> {
    if (this.redis?.status !== "ready") return;
    await this.redis.set(this.key(profile.id), serialize(profile), "EX", this.ttlSeconds).catch(() => undefined);
  }

  private key(id: number): string {
    return `${this.keyPrefix}profile:${id}`;
  }

  private lockKey(id: number): string {
    return `${this.key(id)}:fill`;
  }

  private async readThrough(ids: number[], load: LoadProfiles): Promise<Map<number, UserProfile>> {
    const found = await this.readShared(ids);
    const misses = ids.filter((id) => !found.has(id));
    if (misses.length === 0) return found;
    const mine = await this.lockForFill(misses);
    const [loaded, filledByOthers] = await Promise.all([
      this.loadAndStore(mine, load, { releaseLocks: true }),
      this.waitForOthers(misses.filter((id) => !mine.includes(id))),
    ]);
    const leftover = misses.filter((id) => !mine.includes(id) && !filledByOthers.has(id));
    const late = await this.loadAndStore(leftover, load, { releaseLocks: false });
    return new Map([...found, ...loaded, ...filledByOthers, ...late]);
  }

  private async readShared(ids: number[]): Promise<Map<number, UserProfile>> {
    const found = new Map<number, UserProfile>();
    if (this.redis?.status !== "ready") {
      this.metrics.cacheReads.labels("profile", "bypass").inc(ids.length);
      return found;
    }
    const values = await this.redis.mget(ids.map((id) => this.key(id))).catch(() => []);
    ids.forEach((id, index) => {
      const value = values[index];
      if (value) found.set(id, revive(value));
    });
    this.metrics.cacheReads.labels("profile", "hit").inc(found.size);
    this.metrics.cacheReads.labels("profile", "miss").inc(ids.length - found.size);
    return found;
  }

  /** The ids this process won the right to fill; all of them when Redis is down. */
  private async lockForFill(ids: number[]): Promise<number[]> {
    if (this.redis?.status !== "ready") return ids;
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.set(this.lockKey(id), "1", "PX", fillLockMs, "NX");
    const results = await pipeline.exec().catch(() => null);
    if (!results) return ids;
    // A lock we could not even ask for (an error) is treated as ours: read the database.
    return ids.filter((_, index) => results[index][0] || results[index][1] === "OK");
  }

  private async loadAndStore(ids: number[], load: LoadProfiles, { releaseLocks }: { releaseLocks: boolean }): Promise<Map<number, UserProfile>> {
    if (ids.length === 0) return new Map();
    const profiles = await load(ids);
    if (this.redis?.status === "ready") {
      const pipeline = this.redis.pipeline();
      for (const [id, profile] of profiles) pipeline.set(this.key(id), serialize(profile), "EX", this.ttlSeconds, "NX");
      if (releaseLocks) for (const id of ids) pipeline.del(this.lockKey(id));
      await pipeline.exec().catch(() => undefined);
    }
    return profiles;
  }

  /**
   * Profiles other processes are filling, as they appear. An id whose lock
   * is gone with no value (no such user, or its filler failed) is left out,
   * for the caller to read itself, as is one still missing after the lock's TTL.
   */
  private async waitForOthers(ids: number[]): Promise<Map<number, UserProfile>> {
    const found = new Map<number, UserProfile>();
    let waiting = ids;
    for (let waited = 0; waited < fillLockMs && waiting.length > 0; waited += pollEveryMs) {
      await sleep(pollEveryMs);
      if (this.redis?.status !== "ready") break;
      const values = await this.redis.mget([...waiting.map((id) => this.key(id)), ...waiting.map((id) => this.lockKey(id))]).catch(() => null);
      if (!values) break;
      const count = waiting.length;
      waiting = waiting.filter((id, index) => {
        const value = values[index];
        if (value) found.set(id, revive(value));
        return !value && values[count + index] !== null;
      });
    }
    return found;
  }
}
