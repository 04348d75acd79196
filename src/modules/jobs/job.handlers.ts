import { type Logger } from "pino";
import { type JobKind, type JobPayloads } from "./job.kinds";
import { type JobRow } from "./job.table";

/** What a handler gets for one attempt of one job. */
export interface JobRun {
  job: JobRow;
  /** Records progress (0 to 100) for subscribers; throws JobCancelledError once the job was cancelled. */
  reportProgress(percent: number): Promise<void>;
  logger: Logger;
}

/** Does the work; what it returns becomes `Job.result`. A throw is retried, unless it is a PermanentJobError. */
export type JobHandler = (run: JobRun) => Promise<unknown>;

/** A kind's handler as its feature writes it: it gets the payload validated (job.registry.ts). */
export type KindHandler<K extends JobKind> = (run: JobRun & { payload: JobPayloads[K] }) => Promise<unknown>;

/** The handlers a feature gives for its kinds. */
export type KindHandlers = { readonly [K in JobKind]?: KindHandler<K> };

/** What the runner calls for each kind: every declared kind has exactly one (checked at boot). */
export type JobHandlers = Readonly<Record<string, JobHandler>>;

/** The job cannot succeed however often it is tried (its user was deleted, say): FAILED at once. */
export class PermanentJobError extends Error {
  override readonly name = "PermanentJobError";
}

/**
 * A dependency is known to be down (an open circuit breaker): the job waits
 * `delayMs` and runs again, and this run does not count as an attempt.
 */
export class RetryLaterError extends Error {
  override readonly name = "RetryLaterError";
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

/** A job whose kind no feature declares, or whose payload does not match its kind's: FAILED at once. */
export class InvalidJobError extends PermanentJobError {}

/** The job was cancelled while it ran; the handler stops and nothing is retried. */
export class JobCancelledError extends Error {
  override readonly name = "JobCancelledError";
  constructor(jobId: number) {
    super(`job ${jobId} was cancelled`);
  }
}
