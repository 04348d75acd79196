import { type ReadDb } from "./loader-helpers";
import { createItemLoaders } from "../modules/items/item.loader";
import { createJobLoaders } from "../modules/jobs/job.loader";
import { createOrderLoaders } from "../modules/orders/order.loader";
import { type ProfileCache } from "../modules/users/user.cache";
import { createReportLoaders } from "../modules/reports/report.loader";
import { createUserLoaders } from "../modules/users/user.loader";

/**
 * Every DataLoader of one request; built per request, never shared, each
 * feature's on first use (most requests touch one or two). `read` is the
 * request's pool (a replica until it writes); `primary` is for rows another
 * process has just written and announced, which a lagging replica may not
 * have yet.
 */
export function createLoaders(read: ReadDb, primary: ReadDb, profileCache?: ProfileCache) {
  let users: ReturnType<typeof createUserLoaders> | undefined;
  let items: ReturnType<typeof createItemLoaders> | undefined;
  let orders: ReturnType<typeof createOrderLoaders> | undefined;
  let jobs: ReturnType<typeof createJobLoaders> | undefined;
  let reports: ReturnType<typeof createReportLoaders> | undefined;
  return {
    get users() {
      return (users ??= createUserLoaders(read, profileCache));
    },
    get items() {
      return (items ??= createItemLoaders(read));
    },
    get orders() {
      return (orders ??= createOrderLoaders(read));
    },
    get jobs() {
      return (jobs ??= createJobLoaders(read));
    },
    // A job's COMPLETED event names a report the worker has just written.
    get reports() {
      return (reports ??= createReportLoaders(primary));
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
