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
  return {
    byId: new DataLoader<number, UserProfile | null>(async (ids) => {
      if (cache) return cache.getMany(ids, loadProfiles);
      const profiles = await loadProfiles([...ids]);
      return ids.map((id) => profiles.get(id) ?? null);
    }),
  };
}
