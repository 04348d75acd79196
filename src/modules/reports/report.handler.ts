import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { type Database } from "../../db/database";
import { type KindHandler } from "../jobs/job.handlers";
import { ReportWriter } from "./report.file";
import { type ReportsSettings } from "./report.config";
import { reportKinds } from "./report.kinds";
import { csvLine, reportSources } from "./report.sources";

export const reportPayload = z.object({ reportKind: z.enum(reportKinds) });
export type ReportPayload = z.infer<typeof reportPayload>;

/**
 * Renders the caller's report from an up-to-date replica, a chunk at a time:
 * each chunk is stored (in Postgres, so every API instance can serve it)
 * before the next is read, and progress reported after it, so no process
 * holds the whole file. A rerun (after a crash) replaces the first run's
 * file: one report per job.
 */
export function createReportHandler(database: Database, config: ReportsSettings): KindHandler<"REPORT"> {
  return async ({ job, payload: { reportKind }, reportProgress }) => {
    const source = reportSources[reportKind];
    // A replica that has replayed everything committed before the job started (the order placed
    // just before it included), else the primary.
    const replica = await database.currentReader();
    const total = await source.count(replica, job.ownerId);
    const file = await ReportWriter.open(database.primary, { jobId: job.id, ownerId: job.ownerId, kind: reportKind, retentionSeconds: config.retentionSeconds });
    try {
      let done = 0;
      // The first chunk carries the header; a report with no rows is the header alone.
      let header = csvLine(source.header);
      for (let afterId = 0; ; ) {
        const rows = await source.chunk(replica, job.ownerId, afterId, config.chunkRows);
        if (rows.length === 0) break;
        await file.append(header + rows.map((row) => csvLine(row.cells)).join(""));
        header = "";
        done += rows.length;
        afterId = rows[rows.length - 1].id;
        await reportProgress(total === 0 ? 100 : Math.min(99, (done / total) * 100));
        if (config.chunkPauseMs > 0) await sleep(config.chunkPauseMs);
      }
      if (header) await file.append(header);
      await file.finish();
      return { reportId: file.reportId, rows: done };
    } catch (error) {
      await file.discard().catch(() => undefined);
      throw error;
    }
  };
}
