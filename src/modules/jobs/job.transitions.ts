import { type SQL, and, eq, inArray, sql } from "drizzle-orm";
import { type PgUpdateSetSource } from "drizzle-orm/pg-core";
import { type Db } from "../../db/database";
import { type JobEventBus } from "./job.events";
import { type JobState, runnableStates } from "./job.kinds";
import { type JobRow, jobs } from "./job.table";

type Change = PgUpdateSetSource<typeof jobs>;


/**
 * Every change to a job after it was created: one conditional UPDATE on the
 * primary (so a cancelled job is never revived), then an event for subscribers.
 * Each returns the new row, or undefined when the job was no longer in a state
 * that allows the change.
 */
export class JobTransitions {
  constructor(
    private readonly db: Db,
    private readonly events: JobEventBus,
  ) {}

  private async apply(jobId: number, from: readonly JobState[], change: Change, extra?: SQL): Promise<JobRow | undefined> {
    const [job] = await this.db
      .update(jobs)
      .set({ ...change, version: sql`${jobs.version} + 1`, updatedAt: new Date() })
      .where(and(eq(jobs.id, jobId), inArray(jobs.state, from), extra))
      .returning();
    if (job) await this.events.publish(job);
    return job;
  }

  start(jobId: number): Promise<JobRow | undefined> {
    return this.apply(jobId, runnableStates, { state: "ACTIVE", progress: 0, error: null, attempts: sql`${jobs.attempts} + 1` });
  }

  /** Skips the write when the rounded percentage has not moved. */
  progress(jobId: number, percent: number): Promise<JobRow | undefined> {
    const progress = Math.max(0, Math.min(100, Math.round(percent)));
    return this.apply(jobId, ["ACTIVE"], { progress }, sql`${jobs.progress} <> ${progress}`);
  }

  complete(jobId: number, result: unknown): Promise<JobRow | undefined> {
    return this.apply(jobId, ["ACTIVE"], { state: "COMPLETED", progress: 100, result: result ?? null, finishedAt: new Date() });
  }

  /** RETRYING when another attempt will follow, FAILED when none will. */
  fail(jobId: number, error: string, final: boolean): Promise<JobRow | undefined> {
    const change: Change = final ? { state: "FAILED", error, finishedAt: new Date() } : { state: "RETRYING", error };
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

  cancel(jobId: number): Promise<JobRow | undefined> {
    return this.apply(jobId, runnableStates, { state: "CANCELLED", finishedAt: new Date() });
  }
}
