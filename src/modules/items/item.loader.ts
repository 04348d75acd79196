import { type ChildPagesSource, childPagesLoader } from "../../graphql/child-pages";
import { rowsByIdLoader } from "../../graphql/loader-helpers";
import { type ItemRow, items } from "./item.table";

export const pagedItems = { table: items, id: items.id, order: "asc" } as const;

export function createItemLoaders(source: ChildPagesSource) {
  return {
    byId: rowsByIdLoader<ItemRow>(source.read, items),
    byOwner: childPagesLoader(source, pagedItems, items.ownerId),
  };
}
