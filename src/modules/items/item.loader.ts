import { childPagesLoader } from "../../graphql/child-pages";
import { type ReadDb, rowsByIdLoader } from "../../graphql/loader-helpers";
import { type ItemRow, items } from "./item.table";

export const pagedItems = { table: items, id: items.id, order: "asc" } as const;

export function createItemLoaders(read: ReadDb) {
  return {
    byId: rowsByIdLoader<ItemRow>(read, items),
    byOwner: childPagesLoader(read, pagedItems, items.ownerId),
  };
}
