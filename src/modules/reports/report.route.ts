import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { and, eq, gt } from "drizzle-orm";
import { type Request, type Response } from "express";
import { type Database } from "../../db/database";
import { ForbiddenError, NotFoundError } from "../../errors";
import { sendContractError } from "../../transports/http/error-response";
import { readReportFile } from "./report.file";
import { type ReportLinks } from "./report.signing";
import { reports } from "./report.table";

/**
 * GET /reports/:id?expires=&signature=: streams the file from any instance,
 * chunk by chunk as the client takes them (chunked, no Content-Length).
 * 403 FORBIDDEN for a bad or expired link, 404 NOT_FOUND for a report that
 * is gone. A client that goes away stops the reading.
 */
export function createReportDownload(database: Database, links: ReportLinks) {
  return async (req: Request, res: Response): Promise<void> => {
    const id = Number(req.params.id);
    const expires = Number(req.query.expires);
    const signature = typeof req.query.signature === "string" ? req.query.signature : "";
    if (!Number.isSafeInteger(id) || !links.verify(id, expires, signature)) {
      sendContractError(res, new ForbiddenError("This download link is not valid or has expired."));
      return;
    }
    // The primary: a report made a moment ago may not have reached the replicas yet.
    const [report] = await database.primary
      .select({ kind: reports.kind, contentType: reports.contentType, sizeBytes: reports.sizeBytes })
      .from(reports)
      .where(and(eq(reports.id, id), gt(reports.expiresAt, new Date())));
    if (!report) {
      sendContractError(res, new NotFoundError("Report", String(id)));
      return;
    }
    res
      .status(200)
      .type(report.contentType)
      .setHeader("content-disposition", `attachment; filename="${report.kind.toLowerCase()}-${id}.csv"`);
    try {
      // One chunk waiting at a time: the socket's own buffer paces the reads.
      await pipeline(Readable.from(readReportFile(database.primary, id, report.sizeBytes), { highWaterMark: 1 }), res);
    } catch (error) {
      // A client that went away is no failure; anything else is, and Express cuts the response off.
      if ((error as NodeJS.ErrnoException).code !== "ERR_STREAM_PREMATURE_CLOSE") throw error;
    }
  };
}
