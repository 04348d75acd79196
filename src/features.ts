import { type FeatureModule, collectFeatures } from "./modules/feature-module";
import { emailModule } from "./modules/email";
import { itemsModule } from "./modules/items";
import { jobsModule } from "./modules/jobs";
import { ordersModule } from "./modules/orders";
import { reportsModule } from "./modules/reports";
import { usersModule } from "./modules/users";

/**
 * Every feature of the application, one line each: a new feature is its
 * folder and a line here. The order is the one in which services are built
 * and hooks run; a feature's settings, rate limits and job kinds come with
 * it, and the boot check (checkFeatureList) refuses a list where a service
 * some feature requires has no provider.
 */
export const features: readonly FeatureModule[] = [usersModule, itemsModule, ordersModule, jobsModule, emailModule, reportsModule];

/** What `npm run schema` and the schema test build the schema from (the features' job kinds collected first). */
export const featureResolvers = collectFeatures(features);
