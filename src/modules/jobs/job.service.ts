import { type SQL, and, count, eq } from "drizzle-orm";
import { type Db, type DbHandle, type Queryable } from "../../db/database";
import { type PageArgs, selectPage } from "../../db/pages";
import { canSeePrivate } from "../../identity/visibility";
import { BadUserInputError, NotFoundError, ServiceUnavailableError } from "../../errors";
import { type Viewer } from "../../identity/tokens";
import { insertJobs } from "./job.inserts";
import { type JobLoaders } from "./job.loader";
import { type JobKindRegistry } from "./job.registry";
import { type JobKind, type JobPayloads, type JobState } from "./job.kinds";
import { type JobSystem } from "./job.system";
import { type JobRow, jobs } from "./job.table";

/** The caller's jobs, newest first. */
export const pagedJobs = { table: jobs, id: jobs.id, order: "desc" } as const;

export interface NewJob<K extends JobKind = JobKind> {
  kind: K;
  ownerId: number;
  payload: JobPayloads[K];
  maxAttempts: number;
  /** The trace the job continues (null: none); left unset by callers: the job system takes the active one (currentTraceContext). */
  traceContext?: string | null;
}

/**
 * Writes the job's row (the outbox), inside the caller's transaction when it
 * has one: the job exists exactly when the rest of the mutation committed.
 * The caller rings the outbox bell (`JobSystem.ringOutbox`) once it has committed.
 */
export async function enqueueJob<K extends JobKind>(db: Queryable, kinds: JobKindRegistry, job: NewJob<K>): Promise<JobRow> {
  const [row] = await insertJobs(db, kinds, [job]);
  return row;
}

/**
 * Starts a job: its row is written by one INSERT, a transaction of its own
 * that carries the rows of the jobs started meanwhile too; then rings the
 * outbox bell.
 */
export async function startJob<K extends JobKind>(db: DbHandle, system: Pick<JobSystem, "ringOutbox" | "insertJob">, job: NewJob<K>): Promise<JobRow> {
  const row = await db.statement(() => system.insertJob(job));
  system.ringOutbox();
  return row;
}

/** The job, or null when it does not exist or the viewer may not see it. */
export async function findVisibleJob(loaders: JobLoaders, viewer: Viewer | null, jobId: number): Promise<JobRow | null> {
  const job = await loaders.byId.load(jobId);
  return job && canSeePrivate(viewer, job.ownerId) ? job : null;
}

const ownedBy = (ownerId: number, state?: JobState): SQL | undefined =>
  and(eq(jobs.ownerId, ownerId), state ? eq(jobs.state, state) : undefined);

export function listJobs(db: DbHandle, viewer: Viewer, page: PageArgs, state?: JobState) {
  return selectPage(db.reader(), pagedJobs, page, ownedBy(viewer.id, state));
}

export async function countJobs(db: DbHandle, viewer: Viewer, state?: JobState): Promise<number> {
  const [row] = await db.reader().select({ total: count() }).from(jobs).where(ownedBy(viewer.id, state));
  return row.total;
}

/**
 * Reads a job on the primary for a change or a subscription: NOT_FOUND
 * rather than null. Someone else's job is NOT_FOUND too, as `job(id)`
 * answers null for both: no answer tells which job ids exist.
 */
export async function requireOwnJob(primary: Db, viewer: Viewer, jobId: number): Promise<JobRow> {
  const [job] = await primary.select().from(jobs).where(eq(jobs.id, jobId));
  if (!job || !canSeePrivate(viewer, job.ownerId)) throw new NotFoundError("Job", String(jobId));
  return job;
}

/**
 * Cancels a queued, retrying or running job. A running one stops at its next
 * progress step. Cancelling a cancelled job returns it as it is.
 */
export async function cancelJob(system: JobSystem, primary: Db, viewer: Viewer, jobId: number): Promise<JobRow> {
  const job = await requireOwnJob(primary, viewer, jobId);
  if (job.state === "CANCELLED") return job;
  const cancelled = await system.transitions.cancel(jobId);
  if (!cancelled) {
    const [current] = await primary.select().from(jobs).where(eq(jobs.id, jobId));
    throw new BadUserInputError("id", `Job ${jobId} has already finished (${current.state}).`);
  }
  await system.unqueue(jobId);
  return cancelled;
}

/**
 * Runs a FAILED job again, as an admin's decision: its queue entry (kept by
 * BullMQ as failed, under the same id) goes first, then the row goes back to
 * the outbox. Any other state is BAD_USER_INPUT: only a job that no attempt
 * will follow can be retried; a queue out of reach is SERVICE_UNAVAILABLE.
 */
export async function retryJob(system: JobSystem, primary: Db, jobId: number): Promise<JobRow> {
  const [job] = await primary.select({ state: jobs.state }).from(jobs).where(eq(jobs.id, jobId));
  if (!job) throw new NotFoundError("Job", String(jobId));
  if (job.state !== "FAILED") throw new BadUserInputError("id", `Job ${jobId} is ${job.state}; only a FAILED job can be retried.`);
  // A failed entry left behind would make the dispatcher's add a no-op: the row would wait in QUEUED for ever.
  await system.forget(jobId).catch(() => {
    throw new ServiceUnavailableError("The job queue cannot be reached; try again shortly.");
  });
  const retried = await system.transitions.retry(jobId);
  if (!retried) throw new BadUserInputError("id", `Job ${jobId} is no longer FAILED; only a FAILED job can be retried.`);
  system.ringOutbox();
  return retried;
}
