import { type Queue, type Worker } from "bullmq";
import { type Logger } from "pino";
import { type Config } from "../../config";
import { type Database } from "../../db/database";
import { createRedis } from "../../infra/redis";
import { JobDispatcher } from "./job.dispatcher";
import { type JobEventBus, createPostgresJobEventBus, createRedisJobEventBus } from "./job.events";
import { type JobHandlers, checkHandlers } from "./job.handlers";
import { queueNames } from "./job.kinds";
import { createJobProcessor } from "./job.runner";
import { JobTransitions } from "./job.transitions";
import { type MaintenanceTasks, createMaintenanceProcessor, keepMaintenanceScheduled, scheduleMaintenance } from "./maintenance";
import { type QueueStore, bullJobId, createQueueStore } from "./queues";

/** The job machinery one process holds: events, queues, the dispatcher and, where jobs run here, the workers. */
export interface JobSystem {
  readonly events: JobEventBus;
  readonly transitions: JobTransitions;
  /** Every queue, for the admin dashboard. */
  readonly queues: readonly Queue[];
  /** This process's BullMQ workers (none where jobs do not run here), for their metrics. */
  readonly workers: readonly Worker[];
  /** Takes a job off its queue if no worker holds it yet; a running job stops at its next progress step. */
  unqueue(jobId: number): Promise<void>;
  /** Idempotent: stops dispatching, lets workers finish or hand back their jobs, closes queues and pub/sub. */
  close(): Promise<void>;
}

/** Present in a process that runs jobs: the worker process, or the API in the one-process start. */
export interface WorkerRole {
  /** Jobs this process runs at once. */
  concurrency: number;
  handlers: JobHandlers;
  maintenance: MaintenanceTasks;
}

export interface JobSystemOptions {
  config: Config;
  database: Database;
  databaseUrl: string;
  logger: Logger;
  worker?: WorkerRole;
}

function createEventBus({ config, logger, database, databaseUrl }: JobSystemOptions): JobEventBus {
  const { redisUrl, jobs } = config;
  if (!redisUrl) return createPostgresJobEventBus(jobs.prefix, database.primary, databaseUrl, logger);
  const publisher = createRedis(redisUrl, "fail-fast", logger, "events-publish");
  const subscriber = createRedis(redisUrl, "blocking", logger, "events-subscribe");
  return createRedisJobEventBus(jobs.prefix, publisher, subscriber, logger);
}

async function startWorkers(store: QueueStore, role: WorkerRole, options: JobSystemOptions, transitions: JobTransitions, maintenanceQueue: Queue) {
  const { config, logger } = options;
  checkHandlers(role.handlers);
  const tuning = { concurrency: role.concurrency, lockMs: config.jobs.lockMs };
  await scheduleMaintenance(maintenanceQueue, config.jobs.maintenanceEveryMs);
  const workers = [
    store.worker(queueNames.jobs, createJobProcessor(role.handlers, transitions, logger), tuning),
    store.worker(queueNames.maintenance, createMaintenanceProcessor(role.maintenance, logger), { ...tuning, concurrency: 1 }),
  ];
  return { workers, stopScheduleChecks: keepMaintenanceScheduled(maintenanceQueue, config.jobs.maintenanceEveryMs, logger) };
}

/** Each step in order; one that fails is logged and the next still runs. */
async function closeInOrder(logger: Logger, steps: Array<[string, () => Promise<unknown>]>): Promise<void> {
  for (const [step, work] of steps) {
    await work().catch((error: unknown) => logger.error({ err: error }, `closing jobs: ${step} failed`));
  }
}

export async function startJobSystem(options: JobSystemOptions): Promise<JobSystem> {
  const { config, database, databaseUrl, logger } = options;
  const events = createEventBus(options);
  const transitions = new JobTransitions(database.primary, events);
  const store = await createQueueStore(
    config.redisUrl ? { redisUrl: config.redisUrl, prefix: config.jobs.prefix, logger } : { databaseUrl, prefix: config.jobs.prefix, logger },
  );
  const jobsQueue = store.queue(queueNames.jobs);
  const maintenanceQueue = store.queue(queueNames.maintenance);
  // The Redis connections already log an outage once; BullMQ would print every failed command to the console.
  for (const queue of [jobsQueue, maintenanceQueue]) queue.on("error", (error) => logger.debug({ err: error }, "queue error"));
  const dispatcher = new JobDispatcher({ database, databaseUrl, queue: jobsQueue, events, logger, pollMs: config.jobs.dispatchPollMs, backoffMs: config.jobs.backoffMs });
  await dispatcher.start();
  const { workers, stopScheduleChecks } = options.worker
    ? await startWorkers(store, options.worker, options, transitions, maintenanceQueue)
    : { workers: [] as Worker[], stopScheduleChecks: () => undefined };
  for (const worker of workers) worker.on("error", (error) => logger.debug({ err: error }, "worker error"));
  logger.info({ queues: store.kind, worker: Boolean(options.worker) }, "jobs are running");

  let closing: Promise<void> | undefined;
  return {
    events,
    transitions,
    queues: [jobsQueue, maintenanceQueue],
    workers,
    unqueue: async (jobId) => {
      await jobsQueue.remove(bullJobId(jobId)).catch(() => undefined);
    },
    close: () =>
      (closing ??= closeInOrder(logger, [
        ["dispatcher", () => dispatcher.stop()],
        ["maintenance schedule checks", async () => stopScheduleChecks()],
        // Workers finish the jobs they hold (or a stalled check hands them to another worker).
        ...workers.map((worker): [string, () => Promise<void>] => ["worker", () => worker.close()]),
        ["queues", () => Promise.all([jobsQueue.close(), maintenanceQueue.close()])],
        ["queue connections", () => store.close()],
        ["events", () => events.close()],
      ])),
  };
}
