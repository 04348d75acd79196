import { type ChildPagesSource, childPagesLoader } from "../../graphql/child-pages";
import { rowsByIdLoader } from "../../graphql/loader-helpers";
import { nodeProjection } from "../../graphql/pagination/node-projection";
import { type ItemRow, items } from "./item.table";

export const pagedItems = { table: items, id: items.id, order: "asc" } as const;

/** The item columns a `User.items` selection reads: `owner` is resolved from `ownerId`, which pages group by anyway. */
export const ownedItemColumns = nodeProjection({ table: items, always: ["id", "ownerId"], derived: { owner: ["ownerId"] } });

export function createItemLoaders(source: ChildPagesSource) {
  return {
    byId: rowsByIdLoader<ItemRow>(source.read, items),
    byOwner: childPagesLoader(source, pagedItems, items.ownerId),
  };
}
