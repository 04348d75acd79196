import { type ReadDb } from "./loader-helpers";
import { createItemLoaders } from "../modules/items/item.loader";
import { createJobLoaders } from "../modules/jobs/job.loader";
import { createOrderLoaders } from "../modules/orders/order.loader";
import { type ProfileCache } from "../modules/users/user.cache";
import { createReportLoaders } from "../modules/reports/report.loader";
import { createUserLoaders } from "../modules/users/user.loader";

/** Every DataLoader of one request; built per request, never shared. */
export function createLoaders(read: ReadDb, profileCache?: ProfileCache) {
  return {
    users: createUserLoaders(read, profileCache),
    items: createItemLoaders(read),
    orders: createOrderLoaders(read),
    jobs: createJobLoaders(read),
    reports: createReportLoaders(read),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
