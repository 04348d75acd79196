/**
 * JSON turns a row's Dates into ISO strings; this turns the named fields of
 * a parsed row back into Dates, in place. A field that is not a string (null,
 * absent, already a Date) is left as it is.
 */
export function reviveDates<Row>(row: Record<string, unknown>, fields: readonly (keyof Row & string)[]): Row {
  for (const field of fields) {
    const value = row[field];
    if (typeof value === "string") row[field] = new Date(value);
  }
  return row as Row;
}
