import { type FeatureModule } from "./modules/feature-module";
import { emailModule } from "./modules/email";
import { itemsModule } from "./modules/items";
import { jobsModule } from "./modules/jobs";
import { ordersModule } from "./modules/orders";
import { reportsModule } from "./modules/reports";
import { usersModule } from "./modules/users";

/**
 * Every feature of the application, one line each: a new feature is its
 * folder and a line here. The order is the schema's (schema.graphql) and
 * the order in which hooks run.
 */
export const features: readonly FeatureModule[] = [usersModule, itemsModule, ordersModule, jobsModule, emailModule, reportsModule];

/** What `npm run schema` and the schema test build the schema from. */
export const featureResolvers = features.flatMap((feature) => feature.resolvers ?? []);
