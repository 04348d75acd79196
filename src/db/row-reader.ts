import { type Column } from "drizzle-orm";

/** A raw row as pg returns it through drizzle's `execute`: values by column name, as the driver sent them. */
export type RawRow = Record<string, unknown>;

/**
 * Maps raw rows to a table's typed rows with each column's own driver
 * mapping (bigint to number, timestamp to Date), the same values a drizzle
 * select gives. Drizzle's general mapper checks every cell's kind on every
 * row; this decides once per table, which matters on pages of hundreds of rows.
 */
export function rowReader<Row>(columns: Record<string, Column>): (raw: RawRow) => Row {
  const fields = Object.entries(columns).map(([key, column]) => ({ key, name: column.name, column }));
  return (raw) => {
    const row: Record<string, unknown> = {};
    for (const { key, name, column } of fields) {
      const value = raw[name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as Row;
  };
}
