import DataLoader from "dataloader";
import { type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import { type Page, type PageArgs, type PagedTable, countPerParent, pageArgsKey, selectPagesPerParent } from "../db/pages";
import { type ReadDb, loaderPerArgs } from "./loader-helpers";
import { type ConnectionShape, toConnection } from "./pagination/connection";

/** Loaders for a one-to-many list (a user's items, say): a page per parent, and a count per parent. */
export interface ChildPages<Row> {
  page: (args: PageArgs) => DataLoader<number, Page<Row>>;
  count: DataLoader<number, number>;
}

/** One statement per batch for the pages, one for the counts, whatever the number of parents. */
export function childPagesLoader<T extends PgTable>(read: ReadDb, paged: PagedTable<T>, parentColumn: PgColumn): ChildPages<T["$inferSelect"]> {
  return {
    page: loaderPerArgs(pageArgsKey, (args: PageArgs) =>
      new DataLoader(async (parentIds: readonly number[]) => {
        const pages = await selectPagesPerParent(read(), paged, parentColumn, parentIds, args);
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
): Promise<ConnectionShape<Row>> {
  const page = await children.page(args).load(parentId);
  return toConnection(page, () => children.count.load(parentId));
}
