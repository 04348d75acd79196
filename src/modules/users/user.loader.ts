import DataLoader from "dataloader";
import { getTableColumns, inArray } from "drizzle-orm";
import { type ReadDb } from "../../graphql/loader-helpers";
import { type LoadProfiles, type ProfileCache } from "./user.cache";
import { type UserProfile, users } from "./user.table";

const { passwordHash: _passwordHash, ...profileColumns } = getTableColumns(users);

/** Profiles by id, through `cache` when given (not after the request wrote: it reads its own writes). */
export function createUserLoaders(read: ReadDb, cache?: ProfileCache) {
  const loadProfiles: LoadProfiles = async (ids) => {
    const rows = await read().select(profileColumns).from(users).where(inArray(users.id, ids));
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
