import { getTableColumns } from "drizzle-orm";
import { type PgColumn, type PgTable } from "drizzle-orm/pg-core";

/**
 * Some of a table's columns, under a key that names the set: a row read with
 * them has only their fields. One object per set (see projections), so a
 * projection can key caches by identity.
 */
export interface Projection {
  key: string;
  columns: Record<string, PgColumn>;
}

/**
 * The projections of one table, each made once: at most one per subset of
 * its columns, a bound the table's width sets, whatever clients ask.
 */
export function projections(table: PgTable): { all: Projection; of(keys: Iterable<string>): Projection } {
  const columns = getTableColumns(table);
  const made = new Map<string, Projection>();
  const of = (keys: Iterable<string>): Projection => {
    const wanted = new Set(keys);
    const picked = Object.keys(columns).filter((key) => wanted.has(key));
    const key = picked.join(",");
    let projection = made.get(key);
    if (!projection) {
      projection = { key, columns: Object.fromEntries(picked.map((name) => [name, columns[name]])) };
      made.set(key, projection);
    }
    return projection;
  };
  return { all: of(Object.keys(columns)), of };
}
