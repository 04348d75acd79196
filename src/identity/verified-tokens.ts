import { BoundedCache } from "../infra/bounded-cache";

/** How many verified tokens are remembered: a hot client's token stays, a flood of distinct ones evicts the oldest. */
export const verifiedTokensMax = 10_000;

/**
 * Tokens whose signature and claims were already checked, keyed by the whole
 * token string, each until its own `exp`: the same string can only verify
 * the same way again until then, so a client's repeated token skips the
 * HMAC. Least recently used first out when full.
 */
export class VerifiedTokens {
  private readonly entries = new BoundedCache<string, { userId: number; expiresAtMs: number }>({ maxEntries: verifiedTokensMax });

  /** Tokens remembered now, at most verifiedTokensMax. */
  get size(): number {
    return this.entries.size;
  }

  /** The user id of a token verified before and not expired yet. */
  userIdOf(token: string): number | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (Date.now() < entry.expiresAtMs) return entry.userId;
    this.entries.delete(token);
    return undefined;
  }

  /** Remembers a verified token; `expiresAtSeconds` is its `exp` claim (none: not remembered). */
  remember(token: string, userId: number, expiresAtSeconds: number | undefined): void {
    if (expiresAtSeconds !== undefined) this.entries.set(token, { userId, expiresAtMs: expiresAtSeconds * 1_000 });
  }
}
