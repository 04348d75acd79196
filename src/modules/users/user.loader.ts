import DataLoader from "dataloader";
import { anyOf } from "../../db/any-of";
import { type Projection, hasColumns, projections } from "../../db/projection";
import { type ReadDb } from "../../graphql/loader-helpers";
import { objectProjection, operationProjection } from "../../graphql/pagination/node-projection";
import { type LoadProfiles, type ProfileCache } from "./user.cache";
import { type UserProfile, profileColumns, users } from "./user.table";

/**
 * The profile columns a page of users reads (never the password hash): all
 * that the operation selects on any User, since the page's rows are held as
 * their items' owners (see hold), which then need no statement.
 */
export const pagedUserColumns = operationProjection({ columns: profileColumns, always: ["id"] }, "User");
/** The profile columns a selection of one user (an item's `owner`) reads. */
export const userColumns = objectProjection({ columns: profileColumns, always: ["id"] });

const allProfileColumns = projections(profileColumns).all;

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
  // Profiles the request already holds as rows (the parents of a page of items, say), whole or with some columns.
  const held = new Map<number, UserProfile>();
  return {
    byId,
    /**
     * A profile read as a parent row: later reads of its columns need no
     * statement. A row read with some columns only (a page's projection) is
     * never handed out as a whole profile (byId, the profile cache).
     */
    hold(profile: UserProfile): void {
      if (held.has(profile.id)) return;
      held.set(profile.id, profile);
      if (hasColumns(profile, allProfileColumns)) byId.prime(profile.id, profile);
    },
    /** A held profile as a plain value (no promise per row of a page) when it has the projection's columns, else byId's load. */
    get(id: number, projection: Projection): UserProfile | Promise<UserProfile | null> {
      const profile = held.get(id);
      return profile && hasColumns(profile, projection) ? profile : byId.load(id);
    },
  };
}
