import { type Redis } from "ioredis";
import { type Config } from "../../config";
import { type Metrics } from "../../infra/metrics";
import { hashedKeyPart } from "./hashed-key";

export interface ClientLimitDecision {
  allowed: boolean;
  /** Seconds until the client's window ends; what HTTP's Retry-After carries. */
  retryAfterSeconds: number;
}

/** Local sweep threshold: windows kept in memory while Redis is down. */
const localKeysBeforeSweep = 10_000;

/**
 * Requests per client on the whole endpoint, in fixed windows counted in
 * Redis (INCR is atomic, so every instance shares one count). HTTP calls it
 * per request; the WebSocket adapter per message. While Redis is down each
 * process counts on its own.
 */
export class ClientRateLimiter {
  private readonly local = new Map<string, number>();

  constructor(
    private readonly limits: Config["limits"],
    private readonly redis: Redis | undefined,
    private readonly keyPrefix: string,
    private readonly metrics: Metrics,
  ) {}

  /** Counts one request of `client` (see clientIdentity) and says whether it may go on. */
  async check(client: string): Promise<ClientLimitDecision> {
    if (!this.limits.enabled) return { allowed: true, retryAfterSeconds: 0 };
    const windowMs = this.limits.client.windowSeconds * 1000;
    const now = Date.now();
    const windowIndex = Math.floor(now / windowMs);
    // Hashed: an address from X-Forwarded-For is whatever the client wrote there.
    const key = `${this.keyPrefix}client:${hashedKeyPart(client)}:${windowIndex}`;
    const count = (await this.countShared(key, windowMs)) ?? this.countLocal(key, windowIndex);
    const allowed = count <= this.limits.client.max;
    if (!allowed) this.metrics.rateLimited.labels("client").inc();
    return { allowed, retryAfterSeconds: Math.max(1, Math.ceil(((windowIndex + 1) * windowMs - now) / 1000)) };
  }

  private async countShared(key: string, windowMs: number): Promise<number | undefined> {
    if (this.redis?.status !== "ready") return undefined;
    try {
      const [incr] = (await this.redis.multi().incr(key).pexpire(key, windowMs).exec()) ?? [];
      return incr && !incr[0] ? Number(incr[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  private countLocal(key: string, windowIndex: number): number {
    if (this.local.size > localKeysBeforeSweep) {
      for (const old of this.local.keys()) if (!old.endsWith(`:${windowIndex}`)) this.local.delete(old);
    }
    const count = (this.local.get(key) ?? 0) + 1;
    this.local.set(key, count);
    return count;
  }
}
