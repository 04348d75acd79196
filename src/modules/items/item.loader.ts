import { childPagesLoader } from "../../graphql/child-pages";
import { rowsByIdLoader } from "../../graphql/loader-helpers";
import { type LoaderSource } from "../../graphql/loaders";
import { type ItemRow, items } from "./item.table";

export const pagedItems = { table: items, id: items.id, order: "asc" } as const;

export function createItemLoaders(source: Pick<LoaderSource, "read" | "afterResponse">) {
  return {
    byId: rowsByIdLoader<ItemRow>(source.read, items),
    byOwner: childPagesLoader(source, pagedItems, items.ownerId),
  };
}
