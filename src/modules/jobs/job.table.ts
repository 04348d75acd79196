import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "../users/user.table";
import { type JobKind, jobStates } from "./job.kinds";

export const jobStateEnum = pgEnum("job_state", jobStates);

/** The one record of every job (state, attempts, progress); BullMQ only carries them to workers. Also the outbox the dispatcher drains. */
export const jobs = pgTable(
  "jobs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** Text, not an enum: the kinds come from the features (job.registry.ts checks them), so a new one needs no migration. */
    kind: text("kind").$type<JobKind>().notNull(),
    ownerId: bigint("owner_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    state: jobStateEnum("state").notNull().default("QUEUED"),
    progress: integer("progress").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull(),
    payload: jsonb("payload").notNull().default({}),
    result: jsonb("result"),
    error: text("error"),
    /** Bumped by every visible change, so subscribers can order events and drop stale ones. */
    version: integer("version").notNull().default(1),
    /** Null until the dispatcher has put the job on its queue (the transactional outbox). */
    dispatchedAt: timestamp("dispatched_at", { withTimezone: true }),
    /** Until then a dispatcher holds the undispatched row while it enqueues it; a lapsed claim is taken again. */
    dispatchClaimedUntil: timestamp("dispatch_claimed_until", { withTimezone: true }),
    /**
     * The trace of the request that started the job (W3C headers as JSON, see
     * currentTraceContext), written with the row: the dispatcher, the worker and
     * the job's events continue it. Null outside a trace or with tracing off.
     */
    traceContext: text("trace_context"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (table) => [
    // jobs(state:) pages through one owner's jobs, newest first.
    index("jobs_owner_id_id_idx").on(table.ownerId, table.id),
    index("jobs_undispatched_idx").on(table.id).where(sql`${table.dispatchedAt} is null`),
    check("jobs_progress_range", sql`${table.progress} between 0 and 100`),
  ],
);

export type JobRow = typeof jobs.$inferSelect;
