import { type ReadDb } from "./loader-helpers";
import { createItemLoaders } from "../modules/items/item.loader";
import { createOrderLoaders } from "../modules/orders/order.loader";
import { createUserLoaders } from "../modules/users/user.loader";

/** Every DataLoader of one request; built per request, never shared. */
export function createLoaders(read: ReadDb) {
  return {
    users: createUserLoaders(read),
    items: createItemLoaders(read),
    orders: createOrderLoaders(read),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
