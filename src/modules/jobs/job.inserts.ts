import { type Queryable } from "../../db/database";
import { type NewJob } from "./job.service";
import { type JobRow, jobs } from "./job.table";

/**
 * Writes the jobs' rows (the outbox) in one statement and returns them in
 * the order of `batch`: PostgreSQL inserts a VALUES list in its order and
 * RETURNING answers in the order it inserted.
 */
export function insertJobs(db: Queryable, batch: readonly NewJob[]): Promise<JobRow[]> {
  return db
    .insert(jobs)
    .values(batch.map((job) => ({ kind: job.kind, ownerId: job.ownerId, payload: job.payload ?? {}, maxAttempts: job.maxAttempts })))
    .returning();
}
