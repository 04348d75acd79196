import DataLoader from "dataloader";
import { countPerParent, selectPagesPerParent } from "../../db/pages";
import { type ReadDb, loaderPerArgs, rowsByIdLoader } from "../../graphql/loader-helpers";
import { type PageArgs, pageArgsKey } from "../../graphql/pagination/page-args";
import { type ItemRow, items } from "./item.table";

export const pagedItems = { table: items, id: items.id, order: "asc" } as const;

export function createItemLoaders(read: ReadDb) {
  return {
    byId: rowsByIdLoader<ItemRow>(read, items),
    /** A page of each owner's items: one statement for all owners in the batch. */
    pageByOwner: loaderPerArgs(pageArgsKey, (page: PageArgs) =>
      new DataLoader(async (ownerIds: readonly number[]) => {
        const pages = await selectPagesPerParent(read(), pagedItems, items.ownerId, ownerIds, page);
        return ownerIds.map((id) => pages.get(id)!);
      }),
    ),
    countByOwner: new DataLoader((ownerIds: readonly number[]) => countPerParent(read(), items, items.ownerId, ownerIds)),
  };
}
