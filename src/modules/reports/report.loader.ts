import DataLoader from "dataloader";
import { anyOf } from "../../db/any-of";
import { type ReadDb } from "../../graphql/loader-helpers";
import { type ReportRow, reports } from "./report.table";

export function createReportLoaders(read: ReadDb) {
  return {
    /** The report a job made, without its content; null while there is none. */
    byJobId: new DataLoader(async (jobIds: readonly number[]) => {
      const rows = await read()
        .select({ id: reports.id, jobId: reports.jobId, kind: reports.kind, sizeBytes: reports.sizeBytes, createdAt: reports.createdAt, expiresAt: reports.expiresAt })
        .from(reports)
        .where(anyOf(reports.jobId, jobIds));
      const byJob = new Map(rows.map((row) => [row.jobId, row]));
      return jobIds.map((id) => byJob.get(id) ?? null);
    }),
  };
}

export type ReportSummary = Omit<ReportRow, "contentType" | "ownerId">;
