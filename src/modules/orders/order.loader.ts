import { childPagesLoader } from "../../graphql/child-pages";
import { type ReadDb } from "../../graphql/loader-helpers";
import { orders } from "./order.table";

/** A buyer's orders, newest first. */
export const pagedOrders = { table: orders, id: orders.id, order: "desc" } as const;

export function createOrderLoaders(read: ReadDb) {
  return { byBuyer: childPagesLoader(read, pagedOrders, orders.buyerId) };
}
