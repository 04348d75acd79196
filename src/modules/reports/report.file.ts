import { and, asc, eq, gt } from "drizzle-orm";
import { type Db } from "../../db/database";
import { type ReportKind } from "./report.kinds";
import { reportChunks, reports } from "./report.table";

/** Chunks the download reads per statement: a few hundred kilobytes at the default REPORT_CHUNK_ROWS. */
const chunksPerRead = 8;

export interface NewReport {
  jobId: number;
  ownerId: number;
  kind: ReportKind;
  retentionSeconds: number;
}

/**
 * A report file being written, one chunk per `append`. Opening it replaces
 * the report an earlier run of the same job left (one report per job, with a
 * new id, so that run's chunks cannot mix with these).
 */
export class ReportWriter {
  private seq = 0;
  private sizeBytes = 0;

  private constructor(
    private readonly db: Db,
    readonly reportId: number,
  ) {}

  static async open(db: Db, report: NewReport): Promise<ReportWriter> {
    const reportId = await db.transaction(async (tx) => {
      await tx.delete(reports).where(eq(reports.jobId, report.jobId));
      const [row] = await tx
        .insert(reports)
        .values({
          jobId: report.jobId,
          ownerId: report.ownerId,
          kind: report.kind,
          contentType: "text/csv; charset=utf-8",
          sizeBytes: 0,
          expiresAt: new Date(Date.now() + report.retentionSeconds * 1000),
        })
        .returning({ id: reports.id });
      return row.id;
    });
    return new ReportWriter(db, reportId);
  }

  async append(content: string): Promise<void> {
    await this.db.insert(reportChunks).values({ reportId: this.reportId, seq: this.seq, content });
    this.seq += 1;
    this.sizeBytes += Buffer.byteLength(content);
  }

  /** Records the size, which the download checks its bytes against. */
  async finish(): Promise<void> {
    await this.db.update(reports).set({ sizeBytes: this.sizeBytes }).where(eq(reports.id, this.reportId));
  }

  /** Removes what this run wrote (a failed or cancelled run leaves no half report behind). */
  async discard(): Promise<void> {
    await this.db.delete(reports).where(eq(reports.id, this.reportId));
  }
}

/**
 * A report's chunks in order, a few per statement. Throws when they add up
 * to other than `sizeBytes` (the report was removed or replaced meanwhile),
 * so a download is cut off rather than ending as if it were whole.
 */
export async function* readReportFile(db: Db, reportId: number, sizeBytes: number): AsyncGenerator<string> {
  let bytes = 0;
  for (let afterSeq = -1; ; ) {
    const chunks = await db
      .select({ seq: reportChunks.seq, content: reportChunks.content })
      .from(reportChunks)
      .where(and(eq(reportChunks.reportId, reportId), gt(reportChunks.seq, afterSeq)))
      .orderBy(asc(reportChunks.seq))
      .limit(chunksPerRead);
    for (const chunk of chunks) {
      bytes += Buffer.byteLength(chunk.content);
      yield chunk.content;
    }
    if (chunks.length < chunksPerRead) break;
    afterSeq = chunks[chunks.length - 1].seq;
  }
  if (bytes !== sizeBytes) throw new Error(`report ${reportId} has ${bytes} bytes of ${sizeBytes}`);
}
