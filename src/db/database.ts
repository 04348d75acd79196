import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { type Logger } from "pino";
import { type Config } from "../config";
import { type Metrics } from "../infra/metrics";
import * as schema from "./schema";

export type Db = NodePgDatabase<typeof schema>;
/** What a transaction callback receives: the same API, bound to one connection. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** A client that can run queries: the pool-backed database or an open transaction. */
export type Queryable = Db | Tx;

type PoolRole = "primary" | "replica";

const poolLabel = (role: PoolRole, options: DatabaseOptions): string => (options.name ? `${options.name}-${role}` : role);

interface DatabaseOptions {
  primaryUrl: string;
  replicaUrls: readonly string[];
  config: Config["db"];
  metrics: Metrics;
  logger: Logger;
  /** Set for pools kept apart from the request pools (background jobs): labels their metrics and connections. */
  name?: string;
}

function createPool(url: string, role: PoolRole, max: number, options: DatabaseOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: options.config.connectTimeoutMs,
    idleTimeoutMillis: options.config.idleTimeoutMs,
    statement_timeout: options.config.statementTimeoutMs,
    application_name: `skein-${poolLabel(role, options)}`,
  });
  // An idle client losing its server (a restart, a failover) must not crash the process.
  pool.on("error", (error) => options.logger.warn({ err: error, pool: role }, "idle database client failed"));
  return pool;
}

/**
 * The primary pool and the replica pools. Writes and transactions use
 * `primary`; reads use `reader()`, which spreads them over the replicas
 * (or the primary when there are none).
 */
export class Database {
  readonly primary: Db;
  private readonly replicas: Db[];
  private readonly pools: pg.Pool[] = [];
  private nextReplica = 0;
  private closed = false;

  constructor(options: DatabaseOptions) {
    this.primary = this.connect(options.primaryUrl, "primary", options.config.poolMax, options);
    this.replicas = options.replicaUrls.map((url) =>
      this.connect(url, "replica", options.config.replicaPoolMax, options),
    );
  }

  private connect(url: string, role: PoolRole, max: number, options: DatabaseOptions): Db {
    const pool = createPool(url, role, max, options);
    this.pools.push(pool);
    const statements = options.metrics.sqlStatements.labels(poolLabel(role, options));
    return drizzle(pool, { schema, logger: { logQuery: () => statements.inc() } });
  }

  reader(): Db {
    if (this.replicas.length === 0) return this.primary;
    this.nextReplica = (this.nextReplica + 1) % this.replicas.length;
    return this.replicas[this.nextReplica];
  }

  async ping(): Promise<void> {
    await this.primary.execute("select 1");
  }

  /** Idempotent: a second call returns at once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(this.pools.map((pool) => pool.end()));
  }
}
