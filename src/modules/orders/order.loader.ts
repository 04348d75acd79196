import DataLoader from "dataloader";
import { countPerParent, selectPagesPerParent } from "../../db/pages";
import { type ReadDb, loaderPerArgs } from "../../graphql/loader-helpers";
import { type PageArgs, pageArgsKey } from "../../graphql/pagination/page-args";
import { orders } from "./order.table";

/** A buyer's orders, newest first. */
export const pagedOrders = { table: orders, id: orders.id, order: "desc" } as const;

export function createOrderLoaders(read: ReadDb) {
  return {
    pageByBuyer: loaderPerArgs(pageArgsKey, (page: PageArgs) =>
      new DataLoader(async (buyerIds: readonly number[]) => {
        const pages = await selectPagesPerParent(read(), pagedOrders, orders.buyerId, buyerIds, page);
        return buyerIds.map((id) => pages.get(id)!);
      }),
    ),
    countByBuyer: new DataLoader((buyerIds: readonly number[]) => countPerParent(read(), orders, orders.buyerId, buyerIds)),
  };
}
