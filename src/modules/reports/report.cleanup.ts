import { lte } from "drizzle-orm";
import { type Db } from "../../db/database";
import { reports } from "./report.table";

/** Removes reports past their retention; their links stop working with them. */
export async function deleteExpiredReports(db: Db): Promise<number> {
  const deleted = await db.delete(reports).where(lte(reports.expiresAt, new Date())).returning({ id: reports.id });
  return deleted.length;
}
