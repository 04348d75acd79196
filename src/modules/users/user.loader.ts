import { type ReadDb, rowsByIdLoader } from "../../graphql/loader-helpers";
import { type UserRow, users } from "./user.table";

export function createUserLoaders(read: ReadDb) {
  return { byId: rowsByIdLoader<UserRow>(read, users) };
}
