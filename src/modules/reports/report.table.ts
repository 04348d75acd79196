import { bigint, index, integer, pgEnum, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { jobs } from "../jobs/job.table";
import { users } from "../users/user.table";
import { reportKinds } from "./report.kinds";

export const reportKindEnum = pgEnum("report_kind", reportKinds);

/** A rendered report, kept in Postgres so every API instance can serve it; its bytes are in `report_chunks`. */
export const reports = pgTable(
  "reports",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** One report per job, however many times the job ran. */
    jobId: bigint("job_id", { mode: "number" })
      .notNull()
      .unique("reports_job_id_key")
      .references(() => jobs.id, { onDelete: "cascade" }),
    ownerId: bigint("owner_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: reportKindEnum("kind").notNull(),
    contentType: text("content_type").notNull(),
    /** The sum of its chunks' UTF-8 bytes; 0 until the job has written the last one. */
    sizeBytes: integer("size_bytes").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("reports_expires_at_idx").on(table.expiresAt)],
);

/**
 * A report's file in pieces of one read each (REPORT_CHUNK_ROWS rows), in
 * `seq` order: written as the job reads, served as the download reads, so no
 * process holds a whole report.
 */
export const reportChunks = pgTable(
  "report_chunks",
  {
    reportId: bigint("report_id", { mode: "number" })
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    content: text("content").notNull(),
  },
  (table) => [primaryKey({ columns: [table.reportId, table.seq] })],
);

export type ReportRow = typeof reports.$inferSelect;
