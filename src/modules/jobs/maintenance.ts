import { type Queue } from "bullmq";
import { type Logger } from "pino";

/** A cleanup step of the scheduled maintenance job; returns how many rows it touched. */
export type MaintenanceTasks = Record<string, () => Promise<number>>;

const schedulerId = "maintenance";

/** Registers (or updates) the repeating maintenance job; idempotent across processes and restarts. */
export async function scheduleMaintenance(queue: Queue, everyMs: number): Promise<void> {
  await queue.upsertJobScheduler(schedulerId, { every: everyMs }, { name: schedulerId, opts: { removeOnComplete: 100, removeOnFail: 100 } });
}

/** The longest a lost schedule stays lost, whatever MAINTENANCE_EVERY_MS says. */
const scheduleCheckMaxMs = 30_000;

/**
 * Registers the schedule again whenever it is missing: a Redis restarted
 * without persistence has lost it, and the stale-job requeue it runs is
 * meant for exactly that case. Checked every MAINTENANCE_EVERY_MS (at most
 * 30 s apart), one read each; returns what stops the checks.
 */
export function keepMaintenanceScheduled(queue: Queue, everyMs: number, logger: Logger): () => void {
  let checking = false;
  const check = async () => {
    if (checking) return;
    checking = true;
    try {
      if (await queue.getJobScheduler(schedulerId)) return;
      await scheduleMaintenance(queue, everyMs);
      logger.warn("the maintenance schedule was gone (Redis lost its data?): registered it again");
    } catch (error) {
      // Redis is down: the outage is logged by its connection, and the next check tries again.
      logger.debug({ err: error }, "could not check the maintenance schedule");
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), Math.min(everyMs, scheduleCheckMaxMs));
  return () => clearInterval(timer);
}

export function createMaintenanceProcessor(tasks: MaintenanceTasks, logger: Logger) {
  return async (): Promise<Record<string, number>> => {
    const done: Record<string, number> = {};
    for (const [name, task] of Object.entries(tasks)) done[name] = await task();
    logger.info({ maintenance: done }, "maintenance done");
    return done;
  };
}
