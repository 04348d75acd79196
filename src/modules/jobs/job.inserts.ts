import { sql } from "drizzle-orm";
import { currentTraceContext, tracingOn } from "../../infra/tracing/state";
import { type Db, type Queryable } from "../../db/database";
import { type JobKindRegistry } from "./job.registry";
import { type NewJob } from "./job.service";
import { type JobRow, jobs } from "./job.table";

/**
 * A new job's row. A kind no feature declares, or a payload its kind refuses, is a bug: it fails here, not in a worker.
 * Its trace is the one the job was started in (a batched insert runs in another request's).
 */
const rowOf = (kinds: JobKindRegistry, job: NewJob) => ({
  kind: job.kind,
  ownerId: job.ownerId,
  payload: kinds.parsePayload(job.kind, job.payload),
  maxAttempts: job.maxAttempts,
  traceContext: job.traceContext !== undefined ? job.traceContext : (currentTraceContext() ?? null),
});

/** The job with the trace it is started in, for a batch that inserts it later in another request's trace. */
export const inActiveTrace = (job: NewJob): NewJob =>
  job.traceContext !== undefined || !tracingOn() ? job : { ...job, traceContext: currentTraceContext() ?? null };

/**
 * Writes the jobs' rows (the outbox) in one statement and returns them in
 * the order of `batch`: PostgreSQL inserts a VALUES list in its order and
 * RETURNING answers in the order it inserted.
 */
export function insertJobs(db: Queryable, kinds: JobKindRegistry, batch: readonly NewJob[]): Promise<JobRow[]> {
  return db.insert(jobs).values(batch.map((job) => rowOf(kinds, job))).returning();
}

/** The most rows one prepared insert writes: a batch of job inserts is no larger (one statement per size is prepared). */
export const preparedInsertRowsMax = 16;

/** Row `index` of a prepared insert: its values are the parameters named after it. */
const placeholdersOf = (index: number) => ({
  kind: sql.placeholder(`kind${index}`),
  ownerId: sql.placeholder(`ownerId${index}`),
  payload: sql.placeholder(`payload${index}`),
  maxAttempts: sql.placeholder(`maxAttempts${index}`),
  traceContext: sql.placeholder(`traceContext${index}`),
});

/**
 * insertJobs for the outbox's hot path, up to preparedInsertRowsMax rows:
 * the INSERT of n rows is built once for each n (drizzle spends tens of
 * microseconds a row building one) and PostgreSQL parses it once per connection.
 */
export function preparedJobInserts(db: Db, kinds: JobKindRegistry): (batch: readonly NewJob[]) => Promise<JobRow[]> {
  const prepare = (rows: number) =>
    db
      .insert(jobs)
      .values(Array.from({ length: rows }, (_, index) => placeholdersOf(index)))
      .returning()
      .prepare(`job_insert_${rows}`);
  const bySize = new Map<number, ReturnType<typeof prepare>>();
  return (batch) => {
    if (batch.length > preparedInsertRowsMax) throw new RangeError(`at most ${preparedInsertRowsMax} rows per prepared job insert`);
    let insert = bySize.get(batch.length);
    if (!insert) bySize.set(batch.length, (insert = prepare(batch.length)));
    const parameters: Record<string, unknown> = {};
    batch.forEach((job, index) => {
      const row = rowOf(kinds, job);
      Object.assign(parameters, {
        [`kind${index}`]: row.kind,
        [`ownerId${index}`]: row.ownerId,
        [`payload${index}`]: JSON.stringify(row.payload),
        [`maxAttempts${index}`]: row.maxAttempts,
        [`traceContext${index}`]: row.traceContext,
      });
    });
    return insert.execute(parameters);
  };
}
