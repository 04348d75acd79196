import { type Processor, Queue, Worker, createPostgresBackend, runMigrations } from "bullmq";
import pg from "pg";
import { type Logger } from "pino";
import { type Redis } from "ioredis";
import { type RedisTarget } from "../../config";
import { type RedisRole, createRedis, onReconnect } from "../../infra/redis";
import { bullmqTelemetry } from "../../infra/tracing/bullmq";
import { type queueNames } from "./job.kinds";

export type QueueName = (typeof queueNames)[keyof typeof queueNames];

export interface WorkerTuning {
  concurrency: number;
  /** See JOB_LOCK_MS: a job whose lock lapses is run again by another worker. */
  lockMs: number;
}

/**
 * Where BullMQ keeps its queues: Redis when several processes share them,
 * or the PostgreSQL backend on the app's own database for the one-process start.
 */
export interface QueueStore {
  readonly kind: "redis" | "postgres";
  queue(name: QueueName): Queue;
  worker(name: QueueName, processor: Processor, tuning: WorkerTuning): Worker;
  /** Calls `listener` whenever one of its Redis connections is ready again after an outage (never on PostgreSQL). */
  onReconnect(listener: () => void): void;
  /** Closes the connections made for queues and workers; call after closing those. */
  close(): Promise<void>;
}

export type QueueStoreOptions = { prefix: string; logger: Logger } & ({ redis: RedisTarget } | { databaseUrl: string });

function workerOptions(tuning: WorkerTuning) {
  // The stalled check runs as often as a lock lasts, so a dead worker's job waits at most about twice that.
  return { concurrency: tuning.concurrency, lockDuration: tuning.lockMs, stalledInterval: tuning.lockMs, maxStalledCount: 5, telemetry: bullmqTelemetry() };
}

function redisQueueStore(target: RedisTarget, prefix: string, logger: Logger): QueueStore {
  // BullMQ leaves connections it was given open on close(): they are closed here.
  const connections: Redis[] = [];
  const reconnectListeners: Array<() => void> = [];
  const connect = (role: RedisRole, name: string, options?: { autoPipelining: boolean }) => {
    const redis = createRedis(target, role, logger, name, options);
    connections.push(redis);
    onReconnect(redis, () => reconnectListeners.forEach((listener) => listener()));
    return redis;
  };
  return {
    kind: "redis",
    // A producer that fails fast: the outbox keeps the job until Redis answers again.
    queue: (name) => new Queue(name, { connection: connect("fail-fast", `queue-${name}`), prefix, telemetry: bullmqTelemetry() }),
    // Auto-pipelined: the jobs of a batch finish in one turn (their rows are written by one statement), so their
    // moveToFinished calls go out in one write instead of one each. The blocking connection BullMQ duplicates
    // from it only ever has one command in flight.
    worker: (name, processor, tuning) =>
      new Worker(name, processor, { connection: connect("blocking", `worker-${name}`, { autoPipelining: true }), prefix, ...workerOptions(tuning) }),
    onReconnect: (listener) => void reconnectListeners.push(listener),
    close: async () => {
      for (const redis of connections.splice(0)) redis.disconnect();
    },
  };
}

/** BullMQ's PostgreSQL backend keeps its tables in the `bullmq` schema of the app's database. */
async function postgresQueueStore(databaseUrl: string): Promise<QueueStore> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await runMigrations(client);
  } finally {
    await client.end();
  }
  const connection = { connectionString: databaseUrl, max: 4 };
  return {
    kind: "postgres",
    queue: (name) => new Queue(name, { connection, telemetry: bullmqTelemetry() }, createPostgresBackend) as unknown as Queue,
    worker: (name, processor, tuning) =>
      new Worker(name, processor, { connection, ...workerOptions(tuning) }, createPostgresBackend) as unknown as Worker,
    onReconnect: () => undefined,
    // Each queue and worker owns the pool it built from the connection string and closes it itself.
    close: async () => undefined,
  };
}

export async function createQueueStore(options: QueueStoreOptions): Promise<QueueStore> {
  return "redis" in options
    ? redisQueueStore(options.redis, options.prefix, options.logger)
    : postgresQueueStore(options.databaseUrl);
}

/** BullMQ refuses ids that look like integers; the row id with a prefix is still one id per row. */
export const bullJobId = (jobId: number): string => `job-${jobId}`;
export const rowIdOf = (bullJobId: string | undefined): number => Number(bullJobId?.replace(/^job-/, ""));
