import { type PgColumn } from "drizzle-orm/pg-core";

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
 * The projections of a set of columns (a table's, or those the API may
 * read of it), each made once: at most one per subset, a bound the set's
 * width sets, whatever clients ask.
 */
export function projections(columns: Record<string, PgColumn>): { all: Projection; of(keys: Iterable<string>): Projection } {
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

/** Whether `row` was read with every column of `projection` (a row read with a projection has only its fields). */
export function hasColumns(row: object, projection: Projection): boolean {
  for (const key in projection.columns) if (!(key in row)) return false;
  return true;
}
