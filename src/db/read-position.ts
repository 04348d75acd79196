import { type Redis } from "ioredis";
import { LocalFallbackMap } from "../infra/local-fallback-map";
import { type Lsn, laterLsn, parseLsn } from "./lsn";
import { type ReplicaLag } from "./replica-lag";

/** The request header a client sends back, and the response header that tells it the position. */
export const readAfterHeader = "x-read-after";

// Keeps the later of the stored and the new position: two instances committing
// for one viewer at once must not move it back. Positions are decimal byte
// counts, exact in Lua's doubles up to 2^53 bytes (8 PiB of WAL).
const rememberLater = `
local current = tonumber(redis.call("GET", KEYS[1]) or "0")
if tonumber(ARGV[1]) > current then
  redis.call("SET", KEYS[1], ARGV[1], "EX", ARGV[2])
else
  redis.call("EXPIRE", KEYS[1], ARGV[2])
end`;

/**
 * The WAL position each signed-in viewer's last write committed at, for
 * READ_AFTER_TTL_SECONDS: in Redis, so every instance sends that viewer's
 * reads where they can see it; per process without Redis. With Redis down
 * it remembers nothing, and a client still has the X-Read-After header.
 */
export class ReadPositions {
  /** Without Redis: each viewer's position until it expires. */
  private readonly local = new LocalFallbackMap<number, { lsn: Lsn; expiresAt: number }>((entry) => entry.expiresAt <= Date.now());

  constructor(
    private readonly redis: Redis | undefined,
    private readonly keyPrefix: string,
    private readonly ttlSeconds: number,
    /** With replicas: clamps a client's position to the primary's head. */
    private readonly lag?: Pick<ReplicaLag, "clamped">,
  ) {}

  async remember(viewerId: number, lsn: Lsn): Promise<void> {
    if (this.redis) {
      await this.redis.eval(rememberLater, 1, this.key(viewerId), lsn.toString(), this.ttlSeconds).catch(() => undefined);
      return;
    }
    const kept = this.local.get(viewerId);
    this.local.set(viewerId, { lsn: laterLsn(kept?.lsn, lsn)!, expiresAt: Date.now() + this.ttlSeconds * 1000 });
  }

  async recall(viewerId: number): Promise<Lsn | undefined> {
    if (this.redis) {
      const stored = await this.redis.get(this.key(viewerId)).catch(() => null);
      return stored ? BigInt(stored) : undefined;
    }
    const kept = this.local.get(viewerId);
    return kept && kept.expiresAt > Date.now() ? kept.lsn : undefined;
  }

  /**
   * The position a request's reads must see: the later of the client's
   * X-Read-After (ignored unless it is an LSN; at most the primary's head)
   * and its viewer's last write. Asks Redis only for a signed-in viewer.
   */
  async requiredFor(viewerId: number | undefined, header: string | string[] | undefined): Promise<Lsn | undefined> {
    const parsed = parseLsn(Array.isArray(header) ? header[0] : header);
    const sent = parsed === undefined || !this.lag ? parsed : await this.lag.clamped(parsed);
    return laterLsn(sent, viewerId === undefined ? undefined : await this.recall(viewerId));
  }

  private key(viewerId: number): string {
    return `${this.keyPrefix}read-after:${viewerId}`;
  }
}
