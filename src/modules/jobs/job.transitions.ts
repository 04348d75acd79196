import { type SQL, and, asc, eq, getTableColumns, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { type PgUpdateSetSource } from "drizzle-orm/pg-core";
import { BatchedStatement } from "../../db/batched-statement";
import { anyOfParameter } from "../../db/any-of";
import { type Db } from "../../db/database";
import { type JobEventBus } from "./job.events";
import { type JobState, runnableStates } from "./job.kinds";
import { type JobRow, jobs } from "./job.table";

type Change = PgUpdateSetSource<typeof jobs>;

const bumped = { version: sql`${jobs.version} + 1`, updatedAt: sql`now()` };

/**
 * A requeued row's dispatch_claimed_until: claimable at once, and (not
 * null) known to have been handed to a queue before, like a lapsed claim.
 */
const requeuedClaim = sql`'-infinity'::timestamptz`;

/** Rows of the outbox a claim took, and which of them a dispatcher had handed out before (a lapsed claim, a requeue). */
export interface ClaimedJobs {
  jobs: JobRow[];
  handedOutBefore: number[];
}

/**
 * The two changes every job makes, for many jobs at once, and the outbox's
 * claim and dispatch mark, prepared once: drizzle builds them once and
 * PostgreSQL plans them once per connection. `ids` is one array parameter;
 * `results` one JSON object by job id (a job absent from it stores no result).
 */
function prepareHotPath(db: Db) {
  const byIds = anyOfParameter(jobs.id, "ids");
  const claimable = db
    .select({ id: jobs.id, previousClaim: jobs.dispatchClaimedUntil })
    .from(jobs)
    .where(and(isNull(jobs.dispatchedAt), or(isNull(jobs.dispatchClaimedUntil), lt(jobs.dispatchClaimedUntil, sql`now()`))))
    .orderBy(asc(jobs.id))
    .limit(sql.placeholder("limit"))
    .for("update", { skipLocked: true })
    .as("claimable");
  return {
    start: db
      .update(jobs)
      .set({ ...bumped, state: "ACTIVE", progress: 0, error: null, attempts: sql`${jobs.attempts} + 1` })
      .where(and(byIds, inArray(jobs.state, runnableStates)))
      .returning()
      .prepare("job_start_many"),
    complete: db
      .update(jobs)
      .set({ ...bumped, state: "COMPLETED", progress: 100, result: sql`${sql.placeholder("results")}::jsonb -> ${jobs.id}::text`, finishedAt: sql`now()` })
      .where(and(byIds, eq(jobs.state, "ACTIVE")))
      .returning()
      .prepare("job_complete_many"),
    claim: db
      .update(jobs)
      .set({ dispatchClaimedUntil: sql`now() + make_interval(secs => ${sql.placeholder("leaseSeconds")})` })
      .from(claimable)
      .where(eq(jobs.id, claimable.id))
      .returning({ ...getTableColumns(jobs), handedOutBefore: sql<boolean>`${claimable.previousClaim} is not null` })
      .prepare("job_claim_dispatch"),
    markDispatched: db.update(jobs).set({ dispatchedAt: sql`now()`, dispatchClaimedUntil: null }).where(byIds).prepare("job_mark_dispatched"),
  };
}

/** The changed rows in the order of `ids`, undefined where a job did not change; an id asked twice gets its row once. */
function inOrderOf(ids: readonly number[], rows: JobRow[]): Array<JobRow | undefined> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    byId.delete(id);
    return row;
  });
}

/**
 * Every change to a job row after it was created, and nothing else writes
 * one: the lifecycle (one conditional UPDATE on the primary, so a cancelled
 * job is never revived, then an event for subscribers) and the outbox's
 * bookkeeping (claims, dispatch marks, requeues), which subscribers do not
 * see. The row is the only record of a job's state, attempts and progress;
 * BullMQ only carries it to a worker. Lifecycle changes return the new row,
 * or undefined when the job was no longer in a state that allows the change.
 */
export class JobTransitions {
  /** The starts and completions of the jobs a worker runs at once, each batch one UPDATE (see BatchedStatement). */
  private readonly starts: BatchedStatement<number, JobRow | undefined>;
  private readonly completions: BatchedStatement<{ jobId: number; result: unknown }, JobRow | undefined>;

  private readonly hot: ReturnType<typeof prepareHotPath>;

  constructor(
    private readonly db: Db,
    private readonly events: JobEventBus,
  ) {
    const hot = (this.hot = prepareHotPath(db));
    this.starts = new BatchedStatement(async (ids) => inOrderOf(ids, await hot.start.execute({ ids })));
    this.completions = new BatchedStatement(async (batch) => {
      const ids = batch.map((completion) => completion.jobId);
      const results = Object.fromEntries(batch.filter((completion) => completion.result !== undefined && completion.result !== null).map(({ jobId, result }) => [jobId, result]));
      return inOrderOf(ids, await hot.complete.execute({ ids, results: JSON.stringify(results) }));
    });
  }

  private async published(job: JobRow | undefined): Promise<JobRow | undefined> {
    if (job) await this.events.publish(job);
    return job;
  }

  private async apply(jobId: number, from: readonly JobState[], change: Change, extra?: SQL): Promise<JobRow | undefined> {
    const [job] = await this.db
      .update(jobs)
      .set({ ...change, ...bumped })
      .where(and(eq(jobs.id, jobId), inArray(jobs.state, from), extra))
      .returning();
    return this.published(job);
  }

  /** Starts an attempt: the row counts it (`attempts`); BullMQ keeps no count of its own. */
  async start(jobId: number): Promise<JobRow | undefined> {
    return this.published(await this.starts.call(jobId));
  }

  /** Skips the write when the rounded percentage has not moved. */
  progress(jobId: number, percent: number): Promise<JobRow | undefined> {
    const progress = Math.max(0, Math.min(100, Math.round(percent)));
    return this.apply(jobId, ["ACTIVE"], { progress }, sql`${jobs.progress} <> ${progress}`);
  }

  /** `result` is stored as JSON; undefined and null store none. */
  async complete(jobId: number, result: unknown): Promise<JobRow | undefined> {
    return this.published(await this.completions.call({ jobId, result }));
  }

  /** RETRYING when another attempt will follow, FAILED when none will. */
  fail(jobId: number, error: string, final: boolean): Promise<JobRow | undefined> {
    const change: Change = final ? { state: "FAILED", error, finishedAt: sql`now()` } : { state: "RETRYING", error };
    return this.apply(jobId, ["ACTIVE"], change);
  }

  async isActive(jobId: number): Promise<boolean> {
    const [job] = await this.db.select({ state: jobs.state }).from(jobs).where(eq(jobs.id, jobId));
    return job?.state === "ACTIVE";
  }

  /** Back to RETRYING without spending an attempt: the run never got to try. */
  defer(jobId: number, error: string): Promise<JobRow | undefined> {
    return this.apply(jobId, ["ACTIVE"], { state: "RETRYING", error, attempts: sql`${jobs.attempts} - 1` });
  }

  /**
   * A FAILED job back in the outbox as a fresh job: QUEUED, no attempts
   * spent, undispatched, so the dispatcher puts it on its queue again.
   */
  retry(jobId: number): Promise<JobRow | undefined> {
    const fresh: Change = { state: "QUEUED", attempts: 0, progress: 0, error: null, result: null, finishedAt: null };
    return this.apply(jobId, ["FAILED"], { ...fresh, dispatchedAt: null, dispatchClaimedUntil: null });
  }

  cancel(jobId: number): Promise<JobRow | undefined> {
    return this.apply(jobId, runnableStates, { state: "CANCELLED", finishedAt: sql`now()` });
  }

  /**
   * Claims up to `limit` rows of the outbox for `leaseMs`, oldest first, and
   * commits (one statement): the caller enqueues them after the claim is
   * durable and holds no lock while it talks to the queue. A claim that
   * lapses (its dispatcher died before `markDispatched`) is taken again by
   * any dispatcher; SKIP LOCKED lets concurrent dispatchers take other rows.
   */
  async claimForDispatch(limit: number, leaseMs: number): Promise<ClaimedJobs> {
    const rows = await this.hot.claim.execute({ limit, leaseSeconds: leaseMs / 1_000 });
    const claimed: ClaimedJobs = { jobs: [], handedOutBefore: [] };
    for (const { handedOutBefore, ...job } of rows.sort((a, b) => a.id - b.id)) {
      claimed.jobs.push(job);
      if (handedOutBefore) claimed.handedOutBefore.push(job.id);
    }
    return claimed;
  }

  /** The claimed rows are on their queue: they leave the outbox. */
  async markDispatched(jobIds: number[]): Promise<void> {
    await this.hot.markDispatched.execute({ ids: jobIds });
  }

  /** The queue refused them: back in the outbox at once, for the next pass rather than after the lease. */
  async releaseClaims(jobIds: number[]): Promise<void> {
    await this.db.update(jobs).set({ dispatchClaimedUntil: null }).where(and(inArray(jobs.id, jobIds), isNull(jobs.dispatchedAt)));
  }

  /**
   * Puts unfinished jobs that have not moved for `staleSeconds` back in the
   * outbox, in case their queue entry was lost (a Redis without persistence
   * restarted, say). Re-adding a job BullMQ still holds waiting is a no-op
   * (same job id); a finished entry is dropped first and a running one waited
   * for (the dispatcher's settleEarlierEntries), and a job whose row already
   * ran to its end is skipped by the worker.
   */
  requeueStale(staleSeconds: number): Promise<number> {
    const cutoff = new Date(Date.now() - staleSeconds * 1000);
    return this.requeue(and(isNotNull(jobs.dispatchedAt), inArray(jobs.state, [...runnableStates]), lt(jobs.updatedAt, cutoff)));
  }

  /**
   * After Redis came back, possibly as a replica promoted without the old
   * master's last writes: every dispatched job waiting for a worker (QUEUED,
   * RETRYING) goes back in the outbox at once, and an ACTIVE one that has not
   * moved for `activeQuietMs` (its worker's lock would have lapsed). An ACTIVE
   * job that moved more recently has a live worker, which completes its row.
   */
  requeueAfterReconnect(activeQuietMs: number): Promise<number> {
    const quietSince = new Date(Date.now() - activeQuietMs);
    return this.requeue(and(isNotNull(jobs.dispatchedAt), or(inArray(jobs.state, ["QUEUED", "RETRYING"]), and(eq(jobs.state, "ACTIVE"), lt(jobs.updatedAt, quietSince)))));
  }

  /**
   * After a promotion behind the primary's address: the old primary may
   * have dispatched, started or finished any unfinished row in writes the
   * promoted server lacks, while BullMQ kept the run. Every unfinished row,
   * dispatched or not, goes back in the outbox marked as handed out before,
   * so the dispatcher compares it with its queue entry (settleEarlierEntries).
   */
  requeueAfterPrimaryFailover(): Promise<number> {
    return this.requeue(inArray(jobs.state, [...runnableStates]));
  }

  private async requeue(which: SQL | undefined): Promise<number> {
    const requeued = await this.db
      .update(jobs)
      .set({ dispatchedAt: null, dispatchClaimedUntil: requeuedClaim })
      .where(which)
      .returning({ id: jobs.id });
    if (requeued.length > 0) await this.events.ringOutbox();
    return requeued.length;
  }
}
