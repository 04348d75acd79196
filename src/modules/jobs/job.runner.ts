import { type Job as BullJob, DelayedError, UnrecoverableError } from "bullmq";
import { type Logger } from "pino";
import { withoutStatementData } from "../../infra/without-statement-data";
import { InvalidJobError, JobCancelledError, type JobHandler, type JobHandlers, PermanentJobError, RetryLaterError } from "./job.handlers";
import { type JobTransitions } from "./job.transitions";
import { rowIdOf } from "./queues";

/** What a job's row says of a failure that was not written for its owner, where internals are masked (production). */
export const internalJobErrorMessage = "The job failed on the server; the server's log has the details.";

/**
 * What the job's row (shown to its owner) and BullMQ keep of a failure:
 * never a failed statement's parameters; with `maskInternal`, only the
 * messages job code wrote for the owner (PermanentJobError,
 * RetryLaterError), as GraphQL shows only contract errors. Anything else
 * (a file system error naming a server path, a driver's) is the generic
 * message; the log has the whole error.
 */
function jobErrorMessage(error: unknown, maskInternal: boolean): string {
  if (maskInternal && !(error instanceof PermanentJobError || error instanceof RetryLaterError)) return internalJobErrorMessage;
  const safe = withoutStatementData(error);
  return safe instanceof Error ? safe.message : String(safe);
}

/** A row whose kind no feature in the list declares (its feature was removed): it can never run. */
const undeclaredKind: JobHandler = async ({ job }) => {
  throw new InvalidJobError(`No feature declares the job kind ${job.kind}.`);
};

/** The wait before the attempt after `attempts` failed ones: `backoffMs`, then twice as long each time. */
export const retryDelayMs = (backoffMs: number, attempts: number): number => backoffMs * 2 ** Math.max(0, attempts - 1);

/**
 * The BullMQ processor for client jobs. The job's row decides: a job that
 * is no longer runnable (cancelled, or finished by a run BullMQ forgot) is
 * skipped, so a job enqueued twice still runs once; the row counts the
 * attempts, and a retry is this queue entry moved to delayed (which BullMQ
 * does not count), so BullMQ keeps no second tally to align.
 */
export function createJobProcessor(handlers: JobHandlers, transitions: JobTransitions, backoffMs: number, logger: Logger, maskInternal: boolean) {
  return async (bullJob: BullJob, token?: string): Promise<void> => {
    const runAgainIn = async (delayMs: number): Promise<never> => {
      await bullJob.moveToDelayed(Date.now() + delayMs, token);
      throw new DelayedError();
    };
    const jobId = rowIdOf(bullJob.id);
    // The row out of reach (the primary is down): nothing was tried, so nothing is counted.
    const job = await transitions.start(jobId).catch(() => runAgainIn(backoffMs));
    if (!job) return;
    // Made when first used: most runs log nothing, and a child logger (bindings, redaction) costs every job tens of microseconds.
    let jobLogger: Logger | undefined;
    const log = () => (jobLogger ??= logger.child({ jobId, kind: job.kind, attempt: job.attempts }));
    const reportProgress = async (percent: number) => {
      if (!(await transitions.progress(jobId, percent)) && !(await transitions.isActive(jobId))) throw new JobCancelledError(jobId);
    };
    try {
      const result = await (handlers[job.kind] ?? undeclaredKind)({
        job,
        reportProgress,
        get logger() {
          return log();
        },
      });
      await transitions.complete(jobId, result);
    } catch (error) {
      if (error instanceof JobCancelledError) return;
      if (error instanceof RetryLaterError) {
        log().info({ delayMs: error.delayMs }, error.message);
        await transitions.defer(jobId, error.message);
        return runAgainIn(error.delayMs);
      }
      const final = error instanceof PermanentJobError || job.attempts >= job.maxAttempts;
      log().warn({ err: error, final }, final ? "job failed" : "job attempt failed; it will be retried");
      const message = jobErrorMessage(error, maskInternal);
      await transitions.fail(jobId, message, final);
      if (final) throw new UnrecoverableError(message);
      return runAgainIn(retryDelayMs(backoffMs, job.attempts));
    }
  };
}
