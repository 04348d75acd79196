import { type Logger } from "pino";
import { type Config } from "./config";
import { type Database } from "./db/database";
import { features } from "./features";
import { type Metrics } from "./infra/metrics";
import { type JobHandlers, type JobSystem, type WorkerRole } from "./modules/jobs";

export interface WorkerRoleOptions {
  config: Config;
  database: Database;
  logger: Logger;
  metrics: Metrics;
  concurrency?: number;
}

/** The features' job handlers and maintenance steps: what a process needs to run jobs. */
export function createWorkerRole({ config, database, logger, metrics, concurrency }: WorkerRoleOptions): WorkerRole & { close(): void } {
  const jobsAtOnce = concurrency ?? config.jobs.concurrency;
  // No Redis for the features' own use here: a worker's Redis is BullMQ's.
  const parts = features.flatMap((feature) => feature.worker?.({ config, database, logger, metrics, redis: undefined, concurrency: jobsAtOnce }) ?? []);
  return {
    concurrency: jobsAtOnce,
    // Checked at boot (checkHandlers): every kind has exactly one handler.
    handlers: Object.assign({}, ...parts.map((part) => part.handlers)) as JobHandlers,
    maintenance: Object.assign({}, ...parts.map((part) => part.maintenance)),
    close: () => {
      for (const part of parts) part.close?.();
    },
  };
}

/** Workers finish or hand back their jobs first: a running job may still send mail through the role's transport. */
export async function closeJobSystem(jobs: JobSystem, role: { close(): void } | undefined): Promise<void> {
  await jobs.close();
  role?.close();
}
