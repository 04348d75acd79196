import DataLoader from "dataloader";
import { type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import { getTableColumns } from "drizzle-orm";
import { type Page, type PageArgs, type PagedTable, countPerParent, pageArgsKey, selectPagesPerParent } from "../db/pages";
import { type Projection, projections } from "../db/projection";
import { loaderPerArgs } from "./loader-helpers";
import { type LoaderSource } from "./loaders";
import { type ConnectionShape, toConnection } from "./pagination/connection";

/**
 * Loaders for a one-to-many list (a user's items, say): a page per parent,
 * and a count per parent. A page reads the projection's columns (all when
 * none is given); parents asking for the same page and columns share a batch.
 */
export interface ChildPages<Row> {
  page: (args: PageArgs, projection?: Projection) => DataLoader<number, Page<Row>>;
  count: DataLoader<number, number>;
}

/** What childPagesLoader reads from a request's LoaderSource. */
export type ChildPagesSource = Pick<LoaderSource, "read" | "afterResponse">;

/**
 * One statement per batch for the pages, one for the counts, whatever the
 * number of parents. The pages are emptied once the response is written
 * (see LoaderSource.afterResponse): hundreds of rows a request.
 */
export function childPagesLoader<T extends PgTable>(
  { read, afterResponse }: ChildPagesSource,
  paged: PagedTable<T>,
  parentColumn: PgColumn,
): ChildPages<T["$inferSelect"]> {
  const handedOut: Array<Page<T["$inferSelect"]>> = [];
  const allColumns = projections(getTableColumns(paged.table)).all;
  afterResponse(() => {
    for (const page of handedOut) page.rows.length = 0;
    handedOut.length = 0;
  });
  return {
    page: loaderPerArgs(
      (args: PageArgs, projection = allColumns) => `${pageArgsKey(args)}|${projection.key}`,
      (args: PageArgs, projection = allColumns) =>
        new DataLoader(async (parentIds: readonly number[]) => {
          const pages = await selectPagesPerParent(read(), paged, parentColumn, parentIds, args, projection);
          handedOut.push(...pages.values());
          return parentIds.map((id) => pages.get(id)!);
        }),
    ),
    count: new DataLoader((parentIds: readonly number[]) => countPerParent(read(), paged.table, parentColumn, parentIds)),
  };
}

/** A parent's children as a connection; the count is loaded only if `totalCount` is selected. */
export async function childConnection<Row extends { id: number }>(
  children: ChildPages<Row>,
  parentId: number,
  args: PageArgs,
  projection?: Projection,
): Promise<ConnectionShape<Row>> {
  const page = await children.page(args, projection).load(parentId);
  return toConnection(page, () => children.count.load(parentId));
}
