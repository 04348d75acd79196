import { type Column } from "drizzle-orm";

/** A raw row as a named statement returns it: the driver's values, in the select list's order. */
export type RawRow = readonly unknown[];

/**
 * Maps raw rows to a table's typed rows with each column's own driver
 * mapping (bigint to number, timestamp to Date), the same values a drizzle
 * select gives. `columns` must be in the select list's order: the value of
 * the n-th column is the row's n-th. Drizzle's general mapper checks every
 * cell's kind on every row; this decides once per table, which matters on
 * pages of hundreds of rows.
 */
export function rowReader<Row>(columns: Record<string, Column>): (raw: RawRow) => Row {
  const fields = Object.entries(columns).map(([key, column]) => ({ key, column }));
  return (raw) => {
    const row: Record<string, unknown> = {};
    for (let at = 0; at < fields.length; at++) {
      const { key, column } = fields[at];
      const value = raw[at];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as Row;
  };
}
