import { relations } from "drizzle-orm";
import { bigint, index, integer, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { jobs } from "../jobs/job.table";
import { users } from "../users/user.table";
import { reportKinds } from "./report.kinds";

export const reportKindEnum = pgEnum("report_kind", reportKinds);

/** A rendered report, kept in Postgres so every API instance can serve it. */
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
    content: text("content").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("reports_expires_at_idx").on(table.expiresAt)],
);

export const reportsRelations = relations(reports, ({ one }) => ({
  job: one(jobs, { fields: [reports.jobId], references: [jobs.id] }),
}));

export type ReportRow = typeof reports.$inferSelect;
