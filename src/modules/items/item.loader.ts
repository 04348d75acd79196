import { getTableColumns } from "drizzle-orm";
import { type ChildPagesSource, childPagesLoader } from "../../graphql/child-pages";
import { rowsByIdLoader } from "../../graphql/loader-helpers";
import { nodeProjection } from "../../graphql/pagination/node-projection";
import { type ItemRow, items } from "./item.table";

export const pagedItems = { table: items, id: items.id, order: "asc" } as const;

/** The item columns a `User.items` selection reads, with `ownerId`, which pages group by. */
export const ownedItemColumns = nodeProjection({ columns: getTableColumns(items), always: ["id", "ownerId"] });

export function createItemLoaders(source: ChildPagesSource) {
  return {
    byId: rowsByIdLoader<ItemRow>(source.read, items),
    byOwner: childPagesLoader(source, pagedItems, items.ownerId),
  };
}
