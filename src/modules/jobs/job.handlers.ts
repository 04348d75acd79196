import { type Logger } from "pino";
import { type JobKind, jobKinds } from "./job.kinds";
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

export type JobHandlers = { readonly [K in JobKind]: JobHandler };

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

/** The job was cancelled while it ran; the handler stops and nothing is retried. */
export class JobCancelledError extends Error {
  override readonly name = "JobCancelledError";
  constructor(jobId: number) {
    super(`job ${jobId} was cancelled`);
  }
}

/** Every kind has exactly one handler: checked at boot, so a missing one stops the worker before it takes jobs. */
export function checkHandlers(handlers: JobHandlers): void {
  const missing = jobKinds.filter((kind) => typeof handlers[kind] !== "function");
  const unknown = Object.keys(handlers).filter((kind) => !(jobKinds as readonly string[]).includes(kind));
  if (missing.length || unknown.length) {
    throw new Error(`job handlers do not match the job kinds: missing ${missing.join(", ") || "none"}, unknown ${unknown.join(", ") || "none"}`);
  }
}
