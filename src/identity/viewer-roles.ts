import { type Role } from "./roles";

/** Reads a user's role where users are kept (the users feature); null when the user does not exist. */
export type RoleLookup = (userId: number) => Promise<Role | null>;

/** Cached users beyond this are dropped (expired ones first), so the map stays small whatever the traffic. */
export const cachedRolesMax = 10_000;

interface Entry {
  role: Promise<Role | null>;
  expiresAt: number;
}

/**
 * Each signed-in user's role as the database says, kept in this process for
 * ROLE_CACHE_TTL_SECONDS: a token's role claim is never trusted, so a
 * demoted admin loses admin rights within that time, and a signed-in
 * request costs one primary read per user per TTL, not one per request.
 */
export class ViewerRoles {
  private readonly entries = new Map<number, Entry>();

  /** Users whose role is cached now, at most cachedRolesMax. */
  get size(): number {
    return this.entries.size;
  }

  constructor(
    private readonly lookup: RoleLookup,
    private readonly ttlMs: number,
  ) {}

  /** The user's role, or null when the user no longer exists. */
  roleOf(userId: number): Promise<Role | null> {
    const now = performance.now();
    const cached = this.entries.get(userId);
    if (cached && cached.expiresAt > now) return cached.role;
    const role = this.lookup(userId);
    // A failed read is not cached: the next request asks again.
    role.catch(() => this.entries.delete(userId));
    this.store(userId, { role, expiresAt: now + this.ttlMs });
    return role;
  }

  private store(userId: number, entry: Entry): void {
    if (this.entries.size >= cachedRolesMax) {
      const now = performance.now();
      for (const [id, { expiresAt }] of this.entries) if (expiresAt <= now) this.entries.delete(id);
      if (this.entries.size >= cachedRolesMax) this.entries.clear();
    }
    this.entries.set(userId, entry);
  }
}
