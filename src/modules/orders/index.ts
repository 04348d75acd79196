import { type FeatureModule } from "../feature-module";
import { clearOldIdempotencyKeys } from "./order.cleanup";
import { type OrdersSettings, ordersConfig } from "./order.config";
import { createOrderLoaders } from "./order.loader";
import { OrderResolver } from "./order.resolver";
import { UserOrdersResolver } from "./user-orders.resolver";

declare module "../../config/feature-config" {
  interface FeatureSettings {
    orders: OrdersSettings;
  }
  interface FieldLimitNames {
    placeOrder: true;
  }
}

declare module "../../graphql/loaders" {
  interface Loaders {
    orders: ReturnType<typeof createOrderLoaders>;
  }
}

/** Orders of catalog items; adds `User.orders`. */
export const ordersModule: FeatureModule = {
  name: "orders",
  config: ordersConfig,
  resolvers: [OrderResolver, UserOrdersResolver],
  loaders: { orders: ({ read }) => createOrderLoaders(read) },
  worker: ({ config, database }) => ({
    maintenance: { oldIdempotencyKeys: () => clearOldIdempotencyKeys(database.primary, config.orders.idempotencyKeyTtlSeconds) },
  }),
};
