import { type SQL, and, asc, count, desc, getTableColumns, gt, inArray, lt, lte, sql } from "drizzle-orm";
import { type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import { type Page, toPage } from "../graphql/pagination/connection";
import { type PageArgs } from "../graphql/pagination/page-args";
import { type Queryable } from "./database";

/** A table paged by its id column, in one direction. */
export interface PagedTable<T extends PgTable> {
  table: T;
  id: PgColumn;
  /** "asc": oldest first; "desc": newest first. */
  order: "asc" | "desc";
}

function afterCondition(paged: PagedTable<PgTable>, afterId: number | undefined): SQL | undefined {
  if (afterId === undefined) return undefined;
  return paged.order === "asc" ? gt(paged.id, afterId) : lt(paged.id, afterId);
}

/** One page of a table, optionally filtered: a single statement. */
export async function selectPage<T extends PgTable>(
  db: Queryable,
  paged: PagedTable<T>,
  page: PageArgs,
  filter?: SQL,
): Promise<Page<T["$inferSelect"]>> {
  const orderBy = paged.order === "asc" ? asc(paged.id) : desc(paged.id);
  const rows = await db
    .select()
    .from(paged.table as PgTable)
    .where(and(filter, afterCondition(paged, page.afterId)))
    .orderBy(orderBy)
    .limit(page.first + 1);
  return toPage(rows as T["$inferSelect"][], page.first);
}

/**
 * One page per parent (the first N items of each of 50 users, say) in a
 * single statement: row_number() over each parent's rows does the per-parent
 * limit in SQL, so no parent's rows beyond its page leave the database.
 */
export async function selectPagesPerParent<T extends PgTable>(
  db: Queryable,
  paged: PagedTable<T>,
  parentColumn: PgColumn,
  parentIds: readonly number[],
  page: PageArgs,
): Promise<Map<number, Page<T["$inferSelect"]>>> {
  const direction = sql.raw(paged.order);
  // Typed loosely on purpose: drizzle cannot type a subquery over a generic table.
  const columns: Record<string, PgColumn> = getTableColumns(paged.table as PgTable);
  const ranked = db
    .select({
      ...columns,
      pageRank: sql<number>`row_number() over (partition by ${parentColumn} order by ${paged.id} ${direction})`.as("page_rank"),
      pageParent: sql<number>`${parentColumn}`.mapWith(Number).as("page_parent"),
    })
    .from(paged.table as PgTable)
    .where(and(inArray(parentColumn, [...parentIds]), afterCondition(paged, page.afterId)))
    .as("ranked");
  const rows = await db
    .select()
    .from(ranked)
    .where(lte(ranked.pageRank, page.first + 1))
    .orderBy(ranked.pageRank);
  const byParent = new Map<number, Array<T["$inferSelect"]>>();
  for (const { pageRank: _rank, pageParent, ...row } of rows as Array<Record<string, unknown>>) {
    const parent = pageParent as number;
    const list = byParent.get(parent) ?? [];
    list.push(row as T["$inferSelect"]);
    byParent.set(parent, list);
  }
  return new Map(parentIds.map((id) => [id, toPage(byParent.get(id) ?? [], page.first)]));
}

/** Row counts per parent, in one statement; parents with no rows count 0. */
export async function countPerParent(
  db: Queryable,
  table: PgTable,
  parentColumn: PgColumn,
  parentIds: readonly number[],
): Promise<number[]> {
  const rows = await db
    .select({ parent: parentColumn, total: count() })
    .from(table)
    .where(inArray(parentColumn, [...parentIds]))
    .groupBy(parentColumn);
  const totals = new Map(rows.map((row) => [Number(row.parent), row.total]));
  return parentIds.map((id) => totals.get(id) ?? 0);
}
