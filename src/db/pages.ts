import { type Placeholder, type SQL, and, asc, count, desc, getTableName, gt, lt, sql } from "drizzle-orm";
import { type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import { anyOf } from "./any-of";
import { type RawRow, rowReader } from "./row-reader";
import { type Queryable } from "./database";
import { namedStatement } from "./named-statement";
import { type Projection } from "./projection";

/** A validated page request: at most `first` rows after row `afterId`. */
export interface PageArgs {
  first: number;
  afterId?: number;
}

/** Same args, same key: loaders of one request share a batch per distinct page request. */
export const pageArgsKey = (page: PageArgs): string => `${page.first}:${page.afterId ?? ""}`;

/** Rows of one page; one more than asked for was fetched to learn `hasNextPage`. */
export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
}

export function toPage<T>(rows: T[], first: number): Page<T> {
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** A table paged by its id column, in one direction. */
export interface PagedTable<T extends PgTable> {
  table: T;
  id: PgColumn;
  /** "asc": oldest first; "desc": newest first. */
  order: "asc" | "desc";
  /** The columns a page reads; unset: all of them. */
  columns?: Record<string, PgColumn>;
}

function afterCondition(paged: PagedTable<PgTable>, afterId: number | Placeholder | undefined): SQL | undefined {
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
  const rows = await (paged.columns ? db.select(paged.columns) : db.select())
    .from(paged.table as PgTable)
    .where(and(filter, afterCondition(paged, page.afterId)))
    .orderBy(orderBy)
    .limit(page.first + 1);
  return toPage(rows as T["$inferSelect"][], page.first);
}

/** The projection's columns, as a select list. */
const columnList = (projection: Projection): SQL =>
  sql.join(
    Object.values(projection.columns).map((column) => sql.identifier(column.name)),
    sql`, `,
  );

/** The statement selectProjectedPage sends, with placeholders for the cursor and the limit. */
function pageSql(paged: PagedTable<PgTable>, projection: Projection, afterCursor: boolean): SQL {
  const after = afterCondition(paged, afterCursor ? sql.placeholder("after") : undefined);
  return sql`
    select ${columnList(projection)} from ${paged.table} ${after ? sql`where ${after}` : sql``}
    order by ${paged.id} ${sql.raw(paged.order)} limit ${sql.placeholder("limit")}`;
}

/**
 * One page of a whole table, reading only the projection's columns (no
 * timestamp read and turned into a Date for a page that shows none). The
 * statement is prepared once per connection: its text depends on the
 * projection and on whether there is a cursor, not on the page.
 */
export async function selectProjectedPage<T extends PgTable>(
  db: Queryable,
  paged: PagedTable<T>,
  page: PageArgs,
  projection: Projection,
): Promise<Page<T["$inferSelect"]>> {
  const afterCursor = page.afterId !== undefined;
  const statementKey = `page:${getTableName(paged.table)}:${projection.key}:${afterCursor}`;
  const statement = namedStatement(db, statementKey, () => pageSql(paged, projection, afterCursor));
  const rows = await statement.execute({ limit: page.first + 1, after: page.afterId });
  const read = readerOf(projection);
  return { rows: rows.slice(0, page.first).map((raw) => read(raw) as T["$inferSelect"]), hasNextPage: rows.length > page.first };
}

/** Where a raw page row holds its parent: the parent column itself when the projection reads it, else `page_parent`, after the projection's columns. */
function parentIndexOf(parentColumn: PgColumn, projection: Projection): number {
  const columns = Object.values(projection.columns);
  const at = columns.indexOf(parentColumn);
  return at === -1 ? columns.length : at;
}

/** The statement selectPagesPerParent sends, with placeholders for the parents, the cursor and the limit. */
function pagesPerParentSql(paged: PagedTable<PgTable>, parentColumn: PgColumn, projection: Projection, afterCursor: boolean): SQL {
  const after = afterCondition(paged, afterCursor ? sql.placeholder("after") : undefined);
  // A projection with the parent column needs no second copy of it per row (one string fewer to decode and parse).
  const parent = parentIndexOf(parentColumn, projection) < Object.keys(projection.columns).length ? sql`` : sql`, parent.id as page_parent`;
  return sql`
    select page.*${parent}
    from unnest(${sql.placeholder("parents")}::${sql.raw(parentColumn.getSQLType())}[]) as parent (id)
    cross join lateral (
      select ${columnList(projection)} from ${paged.table} where ${parentColumn} = parent.id ${after ? sql`and ${after}` : sql``}
      order by ${paged.id} ${sql.raw(paged.order)} limit ${sql.placeholder("limit")}
    ) as page`;
}

/**
 * One page per parent (the first N items of each of 50 users, say) in a
 * single statement: a lateral subquery per parent walks its index for at
 * most one page (plus one row, for hasNextPage), so no parent's rows beyond
 * its page are read. Only the projection's columns are read. The statement
 * is prepared once per connection: its text depends on the projection and
 * on whether there is a cursor, not on the number of parents or the page.
 */
export async function selectPagesPerParent<T extends PgTable>(
  db: Queryable,
  paged: PagedTable<T>,
  parentColumn: PgColumn,
  parentIds: readonly number[],
  page: PageArgs,
  projection: Projection,
): Promise<Map<number, Page<T["$inferSelect"]>>> {
  const afterCursor = page.afterId !== undefined;
  const statementKey = `pages:${getTableName(paged.table)}.${parentColumn.name}:${projection.key}:${afterCursor}`;
  const statement = namedStatement(db, statementKey, () => pagesPerParentSql(paged, parentColumn, projection, afterCursor));
  const rows = await statement.execute({ parents: [...parentIds], limit: page.first + 1, after: page.afterId });
  const read = readerOf(projection);
  const parentIndex = parentIndexOf(parentColumn, projection);
  const pages = new Map<number, Page<T["$inferSelect"]>>(parentIds.map((id) => [id, { rows: [], hasNextPage: false }]));
  for (const raw of rows) {
    const parentPage = pages.get(Number(raw[parentIndex]))!;
    // The extra row only says there is a next page: it is not read.
    if (parentPage.rows.length < page.first) parentPage.rows.push(read(raw) as T["$inferSelect"]);
    else parentPage.hasNextPage = true;
  }
  // Let go of the raw rows now: pg's result object holding them was made when the statement was
  // sent, and under load it has often been promoted to the old generation by the time they arrive;
  // there it keeps them alive through minor GCs (each copying, then promoting, hundreds of rows)
  // until the next full GC, although nothing reads them again.
  rows.length = 0;
  return pages;
}

const readers = new WeakMap<Projection, (raw: RawRow) => unknown>();
const readerOf = (projection: Projection) => {
  let read = readers.get(projection);
  if (!read) readers.set(projection, (read = rowReader(projection.columns)));
  return read;
};

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
    .where(anyOf(parentColumn, parentIds))
    .groupBy(parentColumn);
  const totals = new Map(rows.map((row) => [Number(row.parent), row.total]));
  return parentIds.map((id) => totals.get(id) ?? 0);
}
