import { type Queue, type Worker } from "bullmq";
import { type Logger } from "pino";
import { type Config } from "../../config";
import { BatchedStatement } from "../../db/batched-statement";
import { type Database } from "../../db/database";
import { createRedis } from "../../infra/redis";
import { JobDispatcher } from "./job.dispatcher";
import { type JobEventBus, createPostgresJobEventBus, createRedisJobEventBus } from "./job.events";
import { type JobHandlers } from "./job.handlers";
import { inActiveTrace, preparedInsertRowsMax, preparedJobInserts } from "./job.inserts";
import { type JobKindRegistry } from "./job.registry";
import { type NewJob } from "./job.service";
import { queueNames } from "./job.kinds";
import { createJobProcessor } from "./job.runner";
import { JobTransitions } from "./job.transitions";
import { OutboxBell } from "./job.outbox";
import { requeueOnPrimaryFailover, requeueOnReconnect } from "./job.reconnect";
import { type MaintenanceTasks, createMaintenanceProcessor, keepMaintenanceScheduled, scheduleMaintenance } from "./maintenance";
import { type QueueStore, bullJobId, createQueueStore } from "./queues";
import { type JobRow } from "./job.table";

/** The job machinery one process holds: events, queues and, where jobs run here, the dispatcher and the workers. */
export interface JobSystem {
  readonly events: JobEventBus;
  readonly transitions: JobTransitions;
  /** The kinds the features declare: what a job row is checked against (enqueueJob takes it). */
  readonly kinds: JobKindRegistry;
  /** Every queue, for the admin dashboard. */
  readonly queues: readonly Queue[];
  /** This process's BullMQ workers (none where jobs do not run here), for their metrics. */
  readonly workers: readonly Worker[];
  /**
   * Writes a job's row on the primary, in one statement with the rows of the
   * other jobs started meanwhile (see BatchedStatement): its own transaction,
   * committed when this resolves. Ring the outbox after.
   */
  insertJob(job: NewJob): Promise<JobRow>;
  /** Call after a commit that wrote job rows: wakes the dispatchers (wherever they run). */
  ringOutbox(): void;
  /** Takes a job off its queue if no worker holds it yet; a running job stops at its next progress step. */
  unqueue(jobId: number): Promise<void>;
  /** Removes a finished job's queue entry, so its id can be queued again; rejects when the queue cannot be reached. */
  forget(jobId: number): Promise<void>;
  /** Idempotent: stops dispatching, lets workers finish or hand back their jobs, closes queues and pub/sub. */
  close(): Promise<void>;
}

/** Present in a process that runs jobs: the worker process, or the API in the one-process start. */
export interface WorkerRole {
  /** Jobs this process runs at once. */
  concurrency: number;
  /** One per kind the features declare (worker-role.ts checks it). */
  handlers: JobHandlers;
  /** Other features' cleanup steps; the jobs feature adds its own stale-job requeue. */
  maintenance: MaintenanceTasks;
}

export interface JobSystemOptions {
  config: Config;
  database: Database;
  databaseUrl: string;
  logger: Logger;
  kinds: JobKindRegistry;
  worker?: WorkerRole;
}

function createEventBus({ config, logger, database, databaseUrl }: JobSystemOptions): JobEventBus {
  const { redis, jobs } = config;
  if (!redis) return createPostgresJobEventBus(jobs.prefix, database.primary, databaseUrl, logger);
  // A worker's jobs publish their changes together: one write for all of them.
  const publisher = createRedis(redis, "fail-fast", logger, "events-publish", { autoPipelining: true });
  const subscriber = createRedis(redis, "blocking", logger, "events-subscribe");
  return createRedisJobEventBus(jobs.prefix, publisher, subscriber, logger);
}

interface Queues {
  store: QueueStore;
  jobs: Queue;
  maintenance: Queue;
}

/** Where jobs run: the dispatcher that fills their queue, the workers, and the maintenance schedule. */
async function startWorkers(queues: Queues, role: WorkerRole, options: JobSystemOptions, transitions: JobTransitions, events: JobEventBus) {
  const { config, logger } = options;
  const { dispatchPollMs: pollMs, dispatchLeaseMs: leaseMs, requeueAfterSeconds, maintenanceEveryMs, backoffMs } = config.jobs;
  const dispatcher = new JobDispatcher({ transitions, queue: queues.jobs, events, logger, pollMs, leaseMs });
  await dispatcher.start();
  const tuning = { concurrency: role.concurrency, lockMs: config.jobs.lockMs };
  await scheduleMaintenance(queues.maintenance, maintenanceEveryMs);
  const maintenance = { ...role.maintenance, staleJobsRequeued: () => transitions.requeueStale(requeueAfterSeconds) };
  const workers = [
    queues.store.worker(queueNames.jobs, createJobProcessor(role.handlers, transitions, backoffMs, logger, config.production), tuning),
    queues.store.worker(queueNames.maintenance, createMaintenanceProcessor(maintenance, logger), { ...tuning, concurrency: 1 }),
  ];
  for (const worker of workers) worker.on("error", (error) => logger.debug({ err: error }, "worker error"));
  const stopScheduleChecks = keepMaintenanceScheduled(queues.maintenance, maintenanceEveryMs, logger);
  const stopRequeues = requeueOnReconnect(queues.store, transitions, config.jobs.lockMs, logger);
  const stopFailoverRequeues = requeueOnPrimaryFailover(options.database.primaryTimeline, transitions, logger);
  return { dispatcher, workers, stopBackgroundChecks: () => (stopScheduleChecks(), stopRequeues(), stopFailoverRequeues()) };
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
    config.redis ? { redis: config.redis, prefix: config.jobs.prefix, logger } : { databaseUrl, prefix: config.jobs.prefix, logger },
  );
  const jobsQueue = store.queue(queueNames.jobs);
  const maintenanceQueue = store.queue(queueNames.maintenance);
  // The Redis connections already log an outage once; BullMQ would print every failed command to the console.
  for (const queue of [jobsQueue, maintenanceQueue]) queue.on("error", (error) => logger.debug({ err: error }, "queue error"));
  const bell = new OutboxBell(() => events.ringOutbox(), logger);
  const inserts = new BatchedStatement(preparedJobInserts(database.primary, options.kinds), { maxBatchSize: preparedInsertRowsMax });
  const { dispatcher, workers, stopBackgroundChecks } = options.worker
    ? await startWorkers({ store, jobs: jobsQueue, maintenance: maintenanceQueue }, options.worker, options, transitions, events)
    : { dispatcher: undefined, workers: [] as Worker[], stopBackgroundChecks: () => undefined };
  logger.info({ queues: store.kind, worker: Boolean(options.worker) }, "jobs are running");

  let closing: Promise<void> | undefined;
  return {
    events,
    transitions,
    kinds: options.kinds,
    queues: [jobsQueue, maintenanceQueue],
    workers,
    insertJob: (job) => inserts.call(inActiveTrace(job)),
    ringOutbox: () => bell.ring(),
    unqueue: async (jobId) => {
      await jobsQueue.remove(bullJobId(jobId)).catch(() => undefined);
    },
    forget: async (jobId) => {
      await jobsQueue.remove(bullJobId(jobId));
    },
    close: () =>
      (closing ??= closeInOrder(logger, [
        ["dispatcher", async () => dispatcher?.close()],
        ["maintenance schedule checks and requeues", async () => stopBackgroundChecks()],
        // Workers finish the jobs they hold (or a stalled check hands them to another worker).
        ...workers.map((worker): [string, () => Promise<void>] => ["worker", () => worker.close()]),
        ["queues", () => Promise.all([jobsQueue.close(), maintenanceQueue.close()])],
        ["queue connections", () => store.close()],
        ["events", () => events.close()],
      ])),
  };
}
