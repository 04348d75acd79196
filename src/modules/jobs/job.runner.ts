import { type Job as BullJob, DelayedError, UnrecoverableError } from "bullmq";
import { type Logger } from "pino";
import { withoutStatementData } from "../../db/errors";
import { JobCancelledError, type JobHandlers, PermanentJobError, RetryLaterError } from "./job.handlers";
import { type JobTransitions } from "./job.transitions";
import { rowIdOf } from "./queues";

/** What the job's row (shown to its owner) and BullMQ keep of a failure: never a failed statement's parameters. */
const messageOf = (error: unknown): string => {
  const safe = withoutStatementData(error);
  return safe instanceof Error ? safe.message : String(safe);
};

/**
 * The BullMQ processor for client jobs. The job's row decides: a job that
 * is no longer runnable (cancelled, or finished by a run BullMQ forgot) is
 * skipped, so a job enqueued twice still runs once.
 */
export function createJobProcessor(handlers: JobHandlers, transitions: JobTransitions, logger: Logger) {
  return async (bullJob: BullJob, token?: string): Promise<void> => {
    const jobId = rowIdOf(bullJob.id);
    const job = await transitions.start(jobId);
    if (!job) return;
    const log = logger.child({ jobId, kind: job.kind, attempt: job.attempts });
    const reportProgress = async (percent: number) => {
      const updated = await transitions.progress(jobId, percent);
      // BullMQ's copy of the progress is for the dashboard only: the row is the record.
      if (updated) await bullJob.updateProgress(updated.progress).catch(() => undefined);
      else if (!(await transitions.isActive(jobId))) throw new JobCancelledError(jobId);
    };
    try {
      const result = await handlers[job.kind]({ job, reportProgress, logger: log });
      await transitions.complete(jobId, result);
    } catch (error) {
      if (error instanceof JobCancelledError) return;
      if (error instanceof RetryLaterError) {
        log.info({ delayMs: error.delayMs }, error.message);
        await transitions.defer(jobId, error.message);
        await bullJob.moveToDelayed(Date.now() + error.delayMs, token);
        throw new DelayedError();
      }
      // BullMQ counts failed attempts; this one is the last when no retry is left.
      const final = error instanceof PermanentJobError || bullJob.attemptsMade + 1 >= job.maxAttempts;
      log.warn({ err: error, final }, final ? "job failed" : "job attempt failed; it will be retried");
      await transitions.fail(jobId, messageOf(error), final);
      throw final ? new UnrecoverableError(messageOf(error)) : withoutStatementData(error);
    }
  };
}
