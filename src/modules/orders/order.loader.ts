import { type ChildPagesSource, childPagesLoader } from "../../graphql/child-pages";
import { orders } from "./order.table";

/** A buyer's orders, newest first. */
export const pagedOrders = { table: orders, id: orders.id, order: "desc" } as const;

export function createOrderLoaders(source: ChildPagesSource) {
  return { byBuyer: childPagesLoader(source, pagedOrders, orders.buyerId) };
}
