import { setTimeout as sleep } from "node:timers/promises";
import { type Config } from "../../config";
import { type Database } from "../../db/database";
import { type JobHandler, PermanentJobError } from "../jobs/job.handlers";
import { type ReportKind, reportKinds } from "./report.kinds";
import { csvLine, reportSources } from "./report.sources";
import { reports } from "./report.table";

export interface ReportPayload {
  reportKind: ReportKind;
}

/**
 * Renders the caller's report from an up-to-date replica, a chunk at a time, reporting
 * progress after each; the file is stored in Postgres so every API instance
 * can serve it. A rerun (after a crash) replaces the first run's file: one
 * report per job.
 */
export function createReportHandler(database: Database, config: Config["reports"]): JobHandler {
  return async ({ job, reportProgress }) => {
    const { reportKind } = job.payload as ReportPayload;
    if (!reportKinds.includes(reportKind)) throw new PermanentJobError(`Unknown report kind ${String(reportKind)}.`);
    const source = reportSources[reportKind];
    // A replica that has replayed everything committed before the job started (the order placed
    // just before it included), else the primary.
    const replica = await database.currentReader();
    const total = await source.count(replica, job.ownerId);
    let csv = csvLine(source.header);
    let done = 0;
    for (let afterId = 0; ; ) {
      const rows = await source.chunk(replica, job.ownerId, afterId, config.chunkRows);
      if (rows.length === 0) break;
      for (const row of rows) csv += csvLine(row.cells);
      done += rows.length;
      afterId = rows[rows.length - 1].id;
      await reportProgress(total === 0 ? 100 : Math.min(99, (done / total) * 100));
      if (config.chunkPauseMs > 0) await sleep(config.chunkPauseMs);
    }
    const values = {
      jobId: job.id,
      ownerId: job.ownerId,
      kind: reportKind,
      contentType: "text/csv; charset=utf-8",
      content: csv,
      sizeBytes: Buffer.byteLength(csv),
      expiresAt: new Date(Date.now() + config.retentionSeconds * 1000),
    };
    const [report] = await database.primary
      .insert(reports)
      .values(values)
      .onConflictDoUpdate({ target: reports.jobId, set: { ...values, createdAt: new Date() } })
      .returning({ id: reports.id });
    return { reportId: report.id, rows: done };
  };
}
