import { type FeatureModule } from "../feature-module";
import { createItemLoaders } from "./item.loader";
import { ItemResolver } from "./item.resolver";
import { UserItemsResolver } from "./user-items.resolver";

declare module "../../graphql/loaders" {
  interface Loaders {
    items: ReturnType<typeof createItemLoaders>;
  }
}

/** The catalog; adds `User.items`. */
export const itemsModule: FeatureModule = {
  name: "items",
  resolvers: [ItemResolver, UserItemsResolver],
  loaders: { items: ({ read }) => createItemLoaders(read) },
};
