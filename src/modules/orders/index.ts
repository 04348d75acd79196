import { OrderResolver } from "./order.resolver";
import { UserOrdersResolver } from "./user-orders.resolver";

export const orderResolvers = [OrderResolver, UserOrdersResolver] as const;
