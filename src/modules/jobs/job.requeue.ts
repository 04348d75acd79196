import { and, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { type Db } from "../../db/database";
import { outboxChannel, runnableStates } from "./job.kinds";
import { jobs } from "./job.table";

/**
 * Puts unfinished jobs that have not moved for `staleSeconds` back in the
 * outbox, in case their queue entry was lost (a Redis without persistence
 * restarted, say). Re-adding a job BullMQ still holds is a no-op (same job
 * id), and a job that already ran to its end is skipped by the worker.
 */
export async function requeueStaleJobs(db: Db, staleSeconds: number): Promise<number> {
  const cutoff = new Date(Date.now() - staleSeconds * 1000);
  const requeued = await db
    .update(jobs)
    .set({ dispatchedAt: null })
    .where(and(inArray(jobs.state, [...runnableStates]), isNotNull(jobs.dispatchedAt), lt(jobs.updatedAt, cutoff)))
    .returning({ id: jobs.id });
  if (requeued.length > 0) await db.execute(sql`select pg_notify(${outboxChannel}, '')`);
  return requeued.length;
}
