import { type Logger } from "pino";
import { type PrimaryTimeline } from "../../db/primary-timeline";
import { type JobTransitions } from "./job.transitions";
import { type QueueStore } from "./queues";

/** The connections of one process come back within this of each other: one sweep serves them all. */
const settleMs = 500;

/**
 * Hands every unfinished job back to the dispatcher when Redis returns
 * after an outage (see JobTransitions.requeueAfterReconnect): a failover to
 * a replica can lose queue entries the old master had acknowledged, and the
 * hourly stale-job requeue would find them only an hour later. A job it
 * queues again that did run is skipped by the worker (its row is final).
 * `activeQuietMs`: JOB_LOCK_MS. Returns what stops it.
 */
export function requeueOnReconnect(store: QueueStore, transitions: JobTransitions, activeQuietMs: number, logger: Logger): () => void {
  let pending: NodeJS.Timeout | undefined;
  let stopped = false;
  const sweep = async () => {
    pending = undefined;
    try {
      const requeued = await transitions.requeueAfterReconnect(activeQuietMs);
      logger.info({ requeued }, "Redis reconnected: unfinished jobs handed to the dispatcher again");
    } catch (error) {
      // The primary is down too: the hourly stale-job requeue is still there.
      logger.warn({ err: error }, "Redis reconnected but unfinished jobs could not be requeued");
    }
  };
  store.onReconnect(() => {
    if (stopped || pending) return;
    pending = setTimeout(() => void sweep(), settleMs);
  });
  return () => {
    stopped = true;
    clearTimeout(pending);
  };
}

/**
 * Hands every unfinished job back to the dispatcher when the primary's
 * timeline changes (see JobTransitions.requeueAfterPrimaryFailover): a
 * promotion can lose the starts and completions of runs BullMQ recorded.
 * Returns what stops it.
 */
export function requeueOnPrimaryFailover(timeline: PrimaryTimeline, transitions: JobTransitions, logger: Logger): () => void {
  return timeline.onChange((now) => {
    transitions.requeueAfterPrimaryFailover().then(
      (requeued) => logger.warn({ timeline: now, requeued }, "the primary was promoted: unfinished jobs handed to the dispatcher again"),
      (error: unknown) => logger.error({ err: error, timeline: now }, "the primary was promoted but unfinished jobs could not be requeued; the stale-job requeue remains"),
    );
  });
}
