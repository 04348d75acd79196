import DataLoader from "dataloader";
import { type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import { type Db } from "../db/database";
import { selectRowsById } from "../db/rows-by-id";

/** Reads through whichever pool the request should use at the time of the batch. */
export type ReadDb = () => Db;

/** Rows by primary key, one statement per batch, `null` where a row does not exist. */
export function rowsByIdLoader<Row extends { id: number }>(read: ReadDb, table: PgTable & { id: PgColumn }) {
  return new DataLoader<number, Row | null>((ids) => selectRowsById<Row>(read(), table, ids));
}

/**
 * One DataLoader per distinct argument set (a page size and cursor, say),
 * made on first use: parents asking for the same page share one batch.
 */
export function loaderPerArgs<Args extends unknown[], Key, Value>(argsKey: (...args: Args) => string, create: (...args: Args) => DataLoader<Key, Value>) {
  const loaders = new Map<string, DataLoader<Key, Value>>();
  return (...args: Args): DataLoader<Key, Value> => {
    const key = argsKey(...args);
    let loader = loaders.get(key);
    if (!loader) {
      loader = create(...args);
      loaders.set(key, loader);
    }
    return loader;
  };
}
