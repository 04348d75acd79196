import { type Queue } from "bullmq";
import { type Logger } from "pino";
import { type JobEventBus } from "./job.events";
import { runnableStates } from "./job.kinds";
import { type JobRow } from "./job.table";
import { type DispatchTrace, traceDispatch } from "./job.trace";
import { type JobTransitions } from "./job.transitions";
import { bullJobId } from "./queues";

export interface DispatcherOptions {
  transitions: JobTransitions;
  queue: Queue;
  events: JobEventBus;
  logger: Logger;
  pollMs: number;
  /** How long a claimed row is this dispatcher's to enqueue; after that another one takes it (see JOB_DISPATCH_LEASE_MS). */
  leaseMs: number;
}

const batchSize = 100;
const keepFinishedSeconds = 7 * 24 * 3600;

/**
 * Drains the outbox where jobs run: claims undispatched rows and commits,
 * adds them to the queue with the row's id as BullMQ's job id (so adding
 * one twice adds it once), then marks them dispatched. A dispatcher that
 * dies in between leaves claims that lapse after the lease, and the rows
 * are dispatched again. Woken by the outbox bell after the commit that made a
 * job; a poll catches anything missed, including jobs whose enqueue failed while
 * Redis was down.
 */
export class JobDispatcher {
  private stopListening?: () => Promise<void>;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private failing = false;
  private stopped = false;

  constructor(private readonly options: DispatcherOptions) {}

  async start(): Promise<void> {
    this.timer = setInterval(() => this.wake(), this.options.pollMs);
    const { events, logger } = this.options;
    // Until the bell is heard (it keeps trying), the poll dispatches on its own.
    this.stopListening = await events
      .onOutboxRing(() => this.wake())
      .catch((error: unknown) => void logger.warn({ err: error }, "could not listen for the outbox bell; dispatching on the poll until it works"));
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

  /** One claim, one addBulk, one mark: three round trips for up to 100 jobs, and no row lock held while Redis answers. */
  private async dispatchBatch(): Promise<number> {
    const { queue, transitions, events, leaseMs } = this.options;
    const { jobs: claimed, handedOutBefore } = await transitions.claimForDispatch(batchSize, leaseMs);
    if (claimed.length === 0) return 0;
    // A row no longer runnable needs no queue entry: cancelled before its dispatch, or taken to its end while it
    // waited here by a run that was still going when it was handed back.
    const runnable = claimed.filter((job) => runnableStates.includes(job.state));
    const earlier = new Set(handedOutBefore);
    let running = new Set<number>();
    let batch: JobRow[] = [];
    let traced: DispatchTrace | undefined;
    try {
      running = await this.settleEarlierEntries(runnable.filter((job) => earlier.has(job.id)).map((job) => job.id));
      batch = runnable.filter((job) => !running.has(job.id));
      traced = traceDispatch(batch);
      await queue.addBulk(batch.map((job, index) => this.queueEntry(job, traced?.metadata[index])));
    } catch (error) {
      traced?.end(error);
      await transitions.releaseClaims(claimed.map((job) => job.id)).catch(() => undefined);
      throw error;
    }
    traced?.end();
    // The queued ones and those that need no queue entry; a running one stays claimed.
    const leaving = claimed.filter((job) => !running.has(job.id)).map((job) => job.id);
    if (leaving.length > 0) await transitions.markDispatched(leaving);
    // Each job's first event, once it is on its queue.
    await Promise.all(batch.map((job) => events.publish(job)));
    return claimed.length;
  }

  /**
   * A row handed out before that is back in the outbox unfinished may have
   * a queue entry from then: its run's start or completion was written to
   * a primary that a failover then lost (or never written, the primary
   * being down), while BullMQ recorded the run. The row is the record:
   * - a finished entry goes, and the job runs again (adding it back with
   *   the same job id would be a no-op and leave the row unfinished);
   * - an entry still running may be such a run, still writing to the lost
   *   primary: its row stays claimed in the outbox and is looked at again
   *   when the claim lapses. Returns the ids of those.
   * Rare (a lapsed claim or a requeue), so each is asked on its own; fresh
   * rows never are.
   */
  private async settleEarlierEntries(jobIds: number[]): Promise<Set<number>> {
    const { queue, logger } = this.options;
    const running = new Set<number>();
    await Promise.all(
      jobIds.map(async (jobId) => {
        const state = await queue.getJobState(bullJobId(jobId));
        if (state === "active") running.add(jobId);
        if (state !== "completed" && state !== "failed") return;
        logger.warn({ jobId, queueEntry: state }, "an unfinished job's queue entry had finished (its run was lost with a primary): running it again");
        await queue.remove(bullJobId(jobId));
      }),
    );
    return running;
  }

  /**
   * BullMQ only carries the job to a worker: attempts, backoff and progress are the row's (see createJobProcessor).
   * `traceMetadata`: the trace the worker continues (traceDispatch).
   */
  private queueEntry(job: JobRow, traceMetadata: string | undefined) {
    return {
      name: job.kind,
      data: {},
      opts: {
        jobId: bullJobId(job.id),
        removeOnComplete: { age: keepFinishedSeconds },
        removeOnFail: { age: keepFinishedSeconds },
        ...(traceMetadata && { telemetry: { metadata: traceMetadata } }),
      },
    };
  }

  /** Idempotent; waits for the pass in progress. */
  async close(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await this.stopListening?.();
  }
}
