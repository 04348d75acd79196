import { ItemResolver } from "./item.resolver";
import { UserItemsResolver } from "./user-items.resolver";

export const itemResolvers = [ItemResolver, UserItemsResolver] as const;
