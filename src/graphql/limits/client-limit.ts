import { type Redis } from "ioredis";
import { type Config } from "../../config";
import { LocalFallbackMap } from "../../infra/local-fallback-map";
import { type Metrics } from "../../infra/metrics";
import { Allowances } from "./client-allowance";
import { hashedKeyPart } from "./hashed-key";

export interface ClientLimitDecision {
  allowed: boolean;
  /** Seconds until the client's window ends; what HTTP's Retry-After carries. */
  retryAfterSeconds: number;
}

/** Adds ARGV[1] to the window's count and (re)sets its expiry: one command, so a refill costs one round trip. */
const reserveScript = `
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return total`;


/** Clients whose hashed key part is remembered; past this many, the memo starts over. */
const hashedClientsKept = 10_000;

/**
 * A batch is at most this share of the limit, so small limits stay exact
 * (a limit under 2 × this many requests is counted one request at a time).
 */
const batchShareOfMax = 1 / 20;

/**
 * Requests per client on the whole endpoint, in fixed windows counted in
 * Redis, shared by every instance. An instance takes slots from the shared
 * count in batches (INCRBY, atomic) and spends them locally, so most
 * requests make no Redis call. It grants only slots the shared count had
 * free, so a client never gets more than the limit per window while Redis
 * is up; slots an instance took but did not spend before the window ended
 * are lost, so a client spread over N instances may be refused up to
 * N × (batch − 1) requests early. HTTP calls it per request; the WebSocket
 * adapter per message. While Redis is down each process counts on its own.
 */
export class ClientRateLimiter {
  /** Counts while Redis is down; a key of a past window is stale. */
  private readonly local = new LocalFallbackMap<string, number>((_count, key) => !key.endsWith(`:${this.windowIndex(Date.now())}`));
  private readonly allowances: Allowances;
  /** A client's hashed key part, computed once: a SHA-256 per request showed in the profile. */
  private readonly hashedClients = new Map<string, string>();

  constructor(
    private readonly limits: Config["limits"],
    private readonly redis: Redis | undefined,
    private readonly keyPrefix: string,
    private readonly metrics: Metrics,
  ) {
    const { max, batch } = limits.client;
    this.allowances = new Allowances(max, Math.max(1, Math.min(batch, Math.floor(max * batchShareOfMax))));
  }

  /** Counts one request of `client` (see clientIdentity) and says whether it may go on. */
  async check(client: string): Promise<ClientLimitDecision> {
    if (!this.limits.enabled) return { allowed: true, retryAfterSeconds: 0 };
    const windowMs = this.limits.client.windowSeconds * 1000;
    const now = Date.now();
    const windowIndex = this.windowIndex(now);
    // Hashed: an address from X-Forwarded-For is whatever the client wrote there.
    const key = `${this.keyPrefix}client:${this.hashedClient(client)}:${windowIndex}`;
    const allowed = (await this.takeShared(key, windowIndex, windowMs)) ?? this.countLocal(key) <= this.limits.client.max;
    if (!allowed) this.metrics.rateLimited.labels("client").inc();
    return { allowed, retryAfterSeconds: Math.max(1, Math.ceil(((windowIndex + 1) * windowMs - now) / 1000)) };
  }

  private hashedClient(client: string): string {
    let hashed = this.hashedClients.get(client);
    if (hashed === undefined) {
      if (this.hashedClients.size >= hashedClientsKept) this.hashedClients.clear();
      this.hashedClients.set(client, (hashed = hashedKeyPart(client)));
    }
    return hashed;
  }

  /** Undefined when Redis cannot say: the caller counts locally. */
  private takeShared(key: string, windowIndex: number, windowMs: number): Promise<boolean | undefined> | boolean | undefined {
    const redis = this.redis;
    if (redis?.status !== "ready") return undefined;
    return this.allowances.take(key, windowIndex, async (count) => {
      try {
        return Number(await redis.eval(reserveScript, 1, key, count, windowMs));
      } catch {
        return undefined;
      }
    });
  }

  private windowIndex(now: number): number {
    return Math.floor(now / (this.limits.client.windowSeconds * 1000));
  }

  private countLocal(key: string): number {
    const count = (this.local.get(key) ?? 0) + 1;
    this.local.set(key, count);
    return count;
  }
}
