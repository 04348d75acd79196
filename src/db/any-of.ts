import { type SQL, sql } from "drizzle-orm";
import { type PgColumn } from "drizzle-orm/pg-core";

/**
 * `column = any($1)` with the ids as one array parameter: unlike an IN list,
 * the statement's text is the same for any number of ids, so PostgreSQL and
 * pg can reuse its plan and parse.
 */
export const anyOf = (column: PgColumn, ids: readonly number[]): SQL => sql`${column} = any(${sql.param([...ids])})`;

/** anyOf in a prepared statement: the ids are its parameter `name`, given each time it runs. */
export const anyOfParameter = (column: PgColumn, name: string): SQL => sql`${column} = any(${sql.placeholder(name)})`;
