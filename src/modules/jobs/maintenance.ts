import { type Queue } from "bullmq";
import { type Logger } from "pino";

/** A cleanup step of the scheduled maintenance job; returns how many rows it touched. */
export type MaintenanceTasks = Record<string, () => Promise<number>>;

const schedulerId = "maintenance";

/** Registers (or updates) the repeating maintenance job; idempotent across processes and restarts. */
export async function scheduleMaintenance(queue: Queue, everyMs: number): Promise<void> {
  await queue.upsertJobScheduler(schedulerId, { every: everyMs }, { name: schedulerId, opts: { removeOnComplete: 100, removeOnFail: 100 } });
}

export function createMaintenanceProcessor(tasks: MaintenanceTasks, logger: Logger) {
  return async (): Promise<Record<string, number>> => {
    const done: Record<string, number> = {};
    for (const [name, task] of Object.entries(tasks)) done[name] = await task();
    logger.info({ maintenance: done }, "maintenance done");
    return done;
  };
}
