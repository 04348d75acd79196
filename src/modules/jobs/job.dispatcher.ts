import { asc, inArray, isNull } from "drizzle-orm";
import { type Queue } from "bullmq";
import { type Logger } from "pino";
import { type Database } from "../../db/database";
import { PgListener } from "../../db/pg-listener";
import { type JobEventBus } from "./job.events";
import { outboxChannel } from "./job.kinds";
import { type JobRow, jobs } from "./job.table";
import { bullJobId } from "./queues";

export interface DispatcherOptions {
  database: Pick<Database, "transaction">;
  databaseUrl: string;
  queue: Queue;
  events: JobEventBus;
  logger: Logger;
  pollMs: number;
  backoffMs: number;
}

const batchSize = 100;
const keepFinishedSeconds = 7 * 24 * 3600;

/**
 * Drains the outbox: every job row not yet dispatched is added to its queue
 * with the row's id as BullMQ's job id (so adding it twice adds it once),
 * then marked dispatched in the same transaction that claimed it. Woken at commit by NOTIFY; a poll catches anything
 * missed, including jobs whose enqueue failed while Redis was down.
 */
export class JobDispatcher {
  private listener?: PgListener;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private failing = false;
  private stopped = false;

  constructor(private readonly options: DispatcherOptions) {}

  async start(): Promise<void> {
    this.timer = setInterval(() => this.wake(), this.options.pollMs);
    const { databaseUrl: url, logger } = this.options;
    this.listener = new PgListener({ url, channel: outboxChannel, onNotify: () => this.wake(), logger });
    // Until LISTEN works (it keeps trying), the poll dispatches on its own.
    await this.listener.start().catch((error: unknown) => logger.warn({ err: error }, "outbox LISTEN failed; dispatching on the poll until it works"));
    this.wake();
  }

  /** Runs a pass now, or right after the one in progress. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while ((await this.dispatchBatch()) === batchSize && !this.stopped);
      if (this.failing) this.options.logger.info("job dispatch works again");
      this.failing = false;
    } catch (error) {
      // Logged once per outage; the rows stay in the outbox for the next pass.
      if (!this.failing) this.options.logger.warn({ err: error }, "could not dispatch jobs; they stay queued in Postgres");
      this.failing = true;
    }
  }

  /**
   * Claims a batch (SKIP LOCKED: concurrent dispatchers in other processes
   * take other rows), adds each to the queue, marks them and commits. If an
   * add fails, the batch stays in the outbox; re-adding the ones that made it
   * is a no-op.
   */
  private async dispatchBatch(): Promise<number> {
    const { queue, database, events } = this.options;
    const marked = await database.transaction(async (tx) => {
      const batch = await tx
        .select()
        .from(jobs)
        .where(isNull(jobs.dispatchedAt))
        .orderBy(asc(jobs.id))
        .limit(batchSize)
        .for("update", { skipLocked: true });
      if (batch.length === 0) return [];
      await queue.addBulk(batch.map((job) => this.queueEntry(job)));
      return tx.update(jobs).set({ dispatchedAt: new Date() }).where(inArray(jobs.id, batch.map((job) => job.id))).returning();
    });
    // Each job's first event: sent once, after its commit.
    for (const job of marked) await events.publish(job);
    return marked.length;
  }

  private queueEntry(job: JobRow) {
    return {
      name: job.kind,
      data: {},
      opts: {
        jobId: bullJobId(job.id),
        attempts: job.maxAttempts,
        backoff: { type: "exponential", delay: this.options.backoffMs },
        removeOnComplete: { age: keepFinishedSeconds },
        removeOnFail: { age: keepFinishedSeconds },
      },
    };
  }

  /** Idempotent; waits for the pass in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await this.listener?.close();
  }
}
