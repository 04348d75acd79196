import { type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import { anyOf } from "./any-of";
import { type Db } from "./database";

/** Rows by primary key in one statement, in the order of `ids`, `null` where a row does not exist. */
export async function selectRowsById<Row extends { id: number }>(db: Db, table: PgTable & { id: PgColumn }, ids: readonly number[]): Promise<Array<Row | null>> {
  const rows = (await db.select().from(table as PgTable).where(anyOf(table.id, ids))) as Row[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}
