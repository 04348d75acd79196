import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { type Logger } from "pino";
import { type Config } from "../config";
import { type Metrics } from "../infra/metrics";
import { ReplicaWithFailover } from "./replica-failover";
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
  /**
   * One connection of its own for `ping`: readiness asks whether the primary
   * answers, not whether the request pool has a free client (a saturated pool
   * on every instance would otherwise take them all out of the load balancer).
   */
  private readonly probe: pg.Pool;
  private nextReplica = 0;
  private closed = false;

  constructor(options: DatabaseOptions) {
    const primaryPool = this.addPool(options.primaryUrl, "primary", options.config.poolMax, options);
    this.primary = this.drizzle(primaryPool, "primary", options);
    this.replicas = options.replicaUrls.map((url) => {
      const replica = new ReplicaWithFailover({
        replica: this.addPool(url, "replica", options.config.replicaPoolMax, options),
        primary: primaryPool,
        retryAfterMs: options.config.replicaRetryAfterMs,
        onFailover: (error) => {
          options.metrics.replicaFailovers.inc();
          options.logger.warn({ err: error, replica: new URL(url).host }, "replica unreachable; reading from the primary");
        },
      });
      // Drizzle only calls query() on a client outside transactions, and replicas run none.
      return this.drizzle(replica as unknown as pg.Pool, "replica", options);
    });
    this.probe = createPool(options.primaryUrl, "primary", 1, options);
    this.pools.push(this.probe);
  }

  private addPool(url: string, role: PoolRole, max: number, options: DatabaseOptions): pg.Pool {
    const pool = createPool(url, role, max, options);
    this.pools.push(pool);
    options.metrics.observePool(poolLabel(role, options), pool);
    return pool;
  }

  private drizzle(client: pg.Pool, role: PoolRole, options: DatabaseOptions): Db {
    const statements = options.metrics.sqlStatements.labels(poolLabel(role, options));
    return drizzle(client, { schema, logger: { logQuery: () => statements.inc() } });
  }

  reader(): Db {
    if (this.replicas.length === 0) return this.primary;
    this.nextReplica = (this.nextReplica + 1) % this.replicas.length;
    return this.replicas[this.nextReplica];
  }

  async ping(): Promise<void> {
    await this.probe.query("select 1");
  }

  /** Idempotent: a second call returns at once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(this.pools.map((pool) => pool.end()));
  }
}
