import { createHash } from "node:crypto";
import { type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { type Queryable } from "./database";

/** A statement with placeholders, prepared by PostgreSQL once per connection. */
export interface NamedStatement {
  /** Its rows, each an array of the driver's values in the select list's order (no object with named fields per row). */
  execute(values: Record<string, unknown>): Promise<unknown[][]>;
}

const rowsAsSent = (rows: unknown[]) => rows;

const dialect = new PgDialect();
const statementsOf = new WeakMap<Queryable, Map<string, NamedStatement>>();

/**
 * The statement `build` makes, named after a hash of its text, so one name
 * never stands for two texts on a connection. Built once per database handle
 * and `key`: the caller's key must name everything that changes the text, and
 * the set of keys must be bounded (a page's projection and cursor, say), since
 * every connection keeps each statement it prepared.
 */
export function namedStatement(db: Queryable, key: string, build: () => SQL): NamedStatement {
  let statements = statementsOf.get(db);
  if (!statements) statementsOf.set(db, (statements = new Map()));
  let statement = statements.get(key);
  if (!statement) {
    const query = dialect.sqlToQuery(build());
    const name = `s_${createHash("sha256").update(query.sql).digest("hex").slice(0, 24)}`;
    // With a result mapper and no fields, drizzle's execute asks pg for rows as arrays and hands them to the mapper.
    statement = db._.session.prepareQuery(query, undefined, name, true, rowsAsSent) as unknown as NamedStatement;
    statements.set(key, statement);
  }
  return statement;
}
