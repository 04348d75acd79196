import DataLoader from "dataloader";
import { anyOf } from "../../db/any-of";
import { type ReadDb } from "../../graphql/loader-helpers";
import { type LoadProfiles, type ProfileCache } from "./user.cache";
import { type UserProfile, profileColumns, users } from "./user.table";

/** Profiles by id, through `cache` when given (not after the request wrote: it reads its own writes). */
export function createUserLoaders(read: ReadDb, cache?: ProfileCache) {
  const loadProfiles: LoadProfiles = async (ids) => {
    const rows = await read().select(profileColumns).from(users).where(anyOf(users.id, ids));
    return new Map(rows.map((row) => [row.id, row]));
  };
  const byId = new DataLoader<number, UserProfile | null>(async (ids) => {
    if (cache) return cache.getMany(ids, loadProfiles);
    const profiles = await loadProfiles([...ids]);
    return ids.map((id) => profiles.get(id) ?? null);
  });
  // Profiles the request already holds as rows (the parents of a page of items, say).
  const held = new Map<number, UserProfile>();
  return {
    byId,
    /** A profile read as a parent row: later reads of it need no statement. */
    hold(profile: UserProfile): void {
      if (held.has(profile.id)) return;
      held.set(profile.id, profile);
      byId.prime(profile.id, profile);
    },
    /** A held profile as a plain value (no promise per row of a page), else byId's load. */
    get(id: number): UserProfile | Promise<UserProfile | null> {
      return held.get(id) ?? byId.load(id);
    },
  };
}
