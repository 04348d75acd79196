import type pg from "pg";
import { type Logger } from "pino";
import { type Config } from "../config";
import { type DatabaseRole } from "../infra/tracing/database-role";
import { clientClassFor } from "../infra/tracing/role-client";
import { contextKeepingPool } from "../infra/tracing/pool-context";
import { type PrimaryTimeline } from "./primary-timeline";

/**
 * A pool whose every wait is bounded: connecting (DB_CONNECT_TIMEOUT_MS), a
 * statement on the server (DB_STATEMENT_TIMEOUT_MS) and, for a server that
 * stops answering without closing the socket, the client-side wait for a
 * reply (DB_QUERY_TIMEOUT_MS). TCP keepalive lets the OS notice a dead peer
 * on idle connections. With tracing on, a pool with a `role` tags its
 * statements' and connects' spans with it (skein.db.role). A primary pool's new
 * connections report the server's timeline to `timeline`.
 */
export function createPool(
  url: string,
  name: string,
  max: number,
  config: Config["db"],
  logger: Logger,
  role?: DatabaseRole,
  timeline?: PrimaryTimeline,
): pg.Pool {
  const Pool = contextKeepingPool(role);
  const pool = new Pool({
    Client: role && clientClassFor(role),
    connectionString: url,
    max,
    connectionTimeoutMillis: config.connectTimeoutMs,
    idleTimeoutMillis: config.idleTimeoutMs,
    statement_timeout: config.statementTimeoutMs,
    query_timeout: config.queryTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: keepAliveDelayMs,
    application_name: `skein-${name}`,
    ...(role === "primary" ? { onConnect: (client: pg.ClientBase) => checkPrimary(client, timeline) } : {}),
  });
  // An idle client losing its server (a restart, a failover) must not crash the process.
  pool.on("error", (error) => logger.warn({ err: error, pool: name }, "idle database client failed"));
  // An error on a client in use outside a query (its server went away between statements)
  // would otherwise be thrown as an uncaught exception; idle ones also report it above.
  pool.on("connect", (client) => client.on("error", (error) => logger.debug({ err: error, pool: name }, "database client failed")));
  return pool;
}

/** What a client whose server turned out to be a standby fails with: read_only_sql_transaction, "the database is unavailable". */
class StandbyError extends Error {
  readonly code = "25006";

  constructor() {
    super("the primary's address leads to a standby (pg_is_in_recovery()): not writing there");
    this.name = "StandbyError";
  }
}

/**
 * Every new connection of a primary pool asks the server whether it is a
 * standby, and is closed if it is: behind a stable address (DNS, a virtual
 * IP, PgBouncer, HAProxy) a failover may leave the address on a demoted
 * server for a while, and nothing may be written there meanwhile. It also
 * reads the primary's timeline (the first 8 hex digits of its current WAL
 * file's name), which a promotion raises. One round trip per new
 * connection; a pooled one is reused without it.
 */
async function checkPrimary(client: pg.ClientBase, timeline: PrimaryTimeline | undefined): Promise<void> {
  const { rows } = await client.query<{ standby: boolean; walFile: string | null }>(
    `select pg_is_in_recovery() as standby, case when pg_is_in_recovery() then null else pg_walfile_name(pg_current_wal_lsn()) end as "walFile"`,
  );
  if (rows[0]?.standby) throw new StandbyError();
  if (rows[0]?.walFile) timeline?.seen(parseInt(rows[0].walFile.slice(0, 8), 16));
}

/** First keepalive probe after this much silence on a connection. */
const keepAliveDelayMs = 10_000;
