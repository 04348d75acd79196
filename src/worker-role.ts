import { type Logger } from "pino";
import { type Config } from "./config";
import { type Database } from "./db/database";
import { type Metrics } from "./infra/metrics";
import { createMailer, createWelcomeEmailHandler } from "./modules/email";
import { type JobSystem, type WorkerRole } from "./modules/jobs";

import { clearOldIdempotencyKeys } from "./modules/orders/order.cleanup";
import { createReportHandler, deleteExpiredReports } from "./modules/reports";

export interface WorkerRoleOptions {
  config: Config;
  database: Database;
  logger: Logger;
  metrics: Metrics;
  concurrency?: number;
}

/** One handler per job kind and the maintenance steps: what a process needs to run jobs. */
export function createWorkerRole({ config, database, logger, metrics, concurrency }: WorkerRoleOptions): WorkerRole & { close(): void } {
  const jobsAtOnce = concurrency ?? config.jobs.concurrency;
  const mailer = createMailer(config.mail, jobsAtOnce, logger, metrics);
  return {
    concurrency: jobsAtOnce,
    handlers: {
      WELCOME_EMAIL: createWelcomeEmailHandler(database.primary, mailer),
      REPORT: createReportHandler(database, config.reports),
    },
    maintenance: {
      expiredReports: () => deleteExpiredReports(database.primary),
      oldIdempotencyKeys: () => clearOldIdempotencyKeys(database.primary, config.jobs.idempotencyKeyTtlSeconds),
    },
    close: () => mailer.close(),
  };
}

/** Workers finish or hand back their jobs first: a running job may still send mail through the role's transport. */
export async function closeJobSystem(jobs: JobSystem, role: { close(): void } | undefined): Promise<void> {
  await jobs.close();
  role?.close();
}
