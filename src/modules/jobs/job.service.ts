import { type SQL, and, count, eq } from "drizzle-orm";
import { type Queryable } from "../../db/database";
import { selectPage } from "../../db/pages";
import { type Context, canSeePrivate, requireViewer } from "../../graphql/context";
import { BadUserInputError, NotFoundError } from "../../errors";
import { type PageArgs } from "../../graphql/pagination/page-args";
import { type JobKind, type JobState } from "./job.kinds";
import { type JobRow, jobs } from "./job.table";

/** The caller's jobs, newest first. */
export const pagedJobs = { table: jobs, id: jobs.id, order: "desc" } as const;

export interface NewJob {
  kind: JobKind;
  ownerId: number;
  payload?: Record<string, unknown>;
  maxAttempts: number;
}

/**
 * Writes the job's row (the outbox), inside the caller's transaction when it
 * has one: the job exists exactly when the rest of the mutation committed.
 * The caller rings the outbox bell (`JobSystem.ringOutbox`) once it has committed.
 */
export async function enqueueJob(db: Queryable, job: NewJob): Promise<JobRow> {
  const [row] = await db
    .insert(jobs)
    .values({ kind: job.kind, ownerId: job.ownerId, payload: job.payload ?? {}, maxAttempts: job.maxAttempts })
    .returning();
  return row;
}

/** Starts a job for the caller: one INSERT, a transaction of its own. */
export async function startJob(ctx: Context, kind: JobKind, ownerId: number, payload: Record<string, unknown>): Promise<JobRow> {
  const job = await ctx.db.statement((db) => enqueueJob(db, { kind, ownerId, payload, maxAttempts: ctx.app.config.jobs.maxAttempts }));
  ctx.app.jobs.ringOutbox();
  return job;
}

/** The job, or null when it does not exist or the caller may not see it. */
export async function findVisibleJob(ctx: Context, jobId: number): Promise<JobRow | null> {
  const job = await ctx.loaders.jobs.byId.load(jobId);
  return job && canSeePrivate(ctx.viewer, job.ownerId) ? job : null;
}

const ownedBy = (ownerId: number, state?: JobState): SQL | undefined =>
  and(eq(jobs.ownerId, ownerId), state ? eq(jobs.state, state) : undefined);

export function listJobs(ctx: Context, page: PageArgs, state?: JobState) {
  return selectPage(ctx.db.reader(), pagedJobs, page, ownedBy(requireViewer(ctx).id, state));
}

export async function countJobs(ctx: Context, state?: JobState): Promise<number> {
  const [row] = await ctx.db.reader().select({ total: count() }).from(jobs).where(ownedBy(requireViewer(ctx).id, state));
  return row.total;
}

/**
 * Reads a job on the primary for a change or a subscription: NOT_FOUND
 * rather than null. Someone else's job is NOT_FOUND too, as `job(id)`
 * answers null for both: no answer tells which job ids exist.
 */
export async function requireOwnJob(ctx: Context, jobId: number): Promise<JobRow> {
  const viewer = requireViewer(ctx);
  const [job] = await ctx.app.database.primary.select().from(jobs).where(eq(jobs.id, jobId));
  if (!job || !canSeePrivate(viewer, job.ownerId)) throw new NotFoundError("Job", String(jobId));
  return job;
}

/**
 * Cancels a queued, retrying or running job. A running one stops at its next
 * progress step. Cancelling a cancelled job returns it as it is.
 */
export async function cancelJob(ctx: Context, jobId: number): Promise<JobRow> {
  const job = await requireOwnJob(ctx, jobId);
  if (job.state === "CANCELLED") return job;
  const cancelled = await ctx.app.jobs.transitions.cancel(jobId);
  if (!cancelled) {
    const [current] = await ctx.app.database.primary.select().from(jobs).where(eq(jobs.id, jobId));
    throw new BadUserInputError("id", `Job ${jobId} has already finished (${current.state}).`);
  }
  await ctx.app.jobs.unqueue(jobId);
  return cancelled;
}
