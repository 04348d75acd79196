import { childPagesLoader } from "../../graphql/child-pages";
import { type LoaderSource } from "../../graphql/loaders";
import { orders } from "./order.table";

/** A buyer's orders, newest first. */
export const pagedOrders = { table: orders, id: orders.id, order: "desc" } as const;

export function createOrderLoaders(source: Pick<LoaderSource, "read" | "afterResponse">) {
  return { byBuyer: childPagesLoader(source, pagedOrders, orders.buyerId) };
}
