import { and, eq, gt } from "drizzle-orm";
import { type Request, type Response } from "express";
import { type Database } from "../../db/database";
import { type ReportLinks } from "./report.signing";
import { reports } from "./report.table";

/** GET /reports/:id?expires=&signature=: streams the file from any instance; 403 for a bad or expired link. */
export function createReportDownload(database: Database, links: ReportLinks) {
  return async (req: Request, res: Response): Promise<void> => {
    const id = Number(req.params.id);
    const expires = Number(req.query.expires);
    const signature = typeof req.query.signature === "string" ? req.query.signature : "";
    if (!Number.isSafeInteger(id) || !links.verify(id, expires, signature)) {
      res.status(403).json({ error: "This download link is not valid or has expired." });
      return;
    }
    // The primary: a report made a moment ago may not have reached the replicas yet.
    const [report] = await database.primary
      .select()
      .from(reports)
      .where(and(eq(reports.id, id), gt(reports.expiresAt, new Date())));
    if (!report) {
      res.status(404).json({ error: "This report no longer exists." });
      return;
    }
    res
      .status(200)
      .type(report.contentType)
      .setHeader("content-disposition", `attachment; filename="${report.kind.toLowerCase()}-${report.id}.csv"`)
      .send(report.content);
  };
}
