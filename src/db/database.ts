import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import type pg from "pg";
import { type Logger } from "pino";
import { type Config } from "../config";
import { type Metrics } from "../infra/metrics";
import { type DatabaseRole } from "../infra/tracing/database-role";
import { isDatabaseUnavailable } from "./errors";
import { type Lsn, parseLsn } from "./lsn";
import { createPool } from "./pool";
import { PrimaryTimeline } from "./primary-timeline";
import { ReadRouter } from "./read-router";
import { ReplicaLag } from "./replica-lag";
import { ReplicaWithFailover } from "./replica-failover";
// Untyped by the tables: nothing queries through drizzle's relational API
// (db.query), and so the database code names no feature's table.
export type Db = NodePgDatabase;
/** What a transaction callback receives: the same API, bound to one connection. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** A client that can run queries: the pool-backed database or an open transaction. */
export type Queryable = Db | Tx;

/**
 * What a service reads and writes through: a request's RequestDb (reads on
 * a replica until it writes), or the Database itself in a worker or the CLI.
 */
export interface DbHandle {
  reader(): Db;
  /** Runs `work` in one transaction on the primary: all of it commits, or none. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs `work`, ONE statement, on the primary: its own transaction, without the BEGIN and COMMIT round trips. */
  statement<T>(work: (db: Db) => Promise<T>): Promise<T>;
}

type PoolRole = DatabaseRole;

const poolLabel = (role: PoolRole, options: DatabaseOptions): string => (options.name ? `${options.name}-${role}` : role);

/** host:port of a database URL: how logs and metrics name a replica. */
const replicaLabel = (url: string): string => new URL(url).host;

interface DatabaseOptions {
  primaryUrl: string;
  replicaUrls: readonly string[];
  config: Config["db"];
  metrics: Metrics;
  logger: Logger;
  /** Set for pools kept apart from the request pools (background jobs): labels their metrics and connections. */
  name?: string;
  /** Another Database's lag poller over the same servers: one poll per process, one set of lag metrics. */
  replicaLag?: ReplicaLag;
}

/**
 * The primary pool and the replica pools. Writes and transactions use
 * `primary`; reads use `reader()`, which spreads them over the replicas in
 * rotation that have replayed the position the read must see (or the
 * primary when there are none).
 */
export class Database {
  readonly primary: Db;
  /** Raised by a promotion behind the primary's address, as the primary pool's new connections find it. */
  readonly primaryTimeline = new PrimaryTimeline();
  /** Polls the replicas' lag; undefined without replicas. */
  readonly replicaLag: ReplicaLag | undefined;
  private readonly primaryPool: pg.Pool;
  /** Counts a transaction's statements under the primary pool's label. */
  private readonly countPrimaryStatement: () => void;
  private readonly router: ReadRouter;
  private readonly pools: pg.Pool[] = [];
  /**
   * One connection of its own for `ping`: readiness asks whether the primary
   * answers, not whether the request pool has a free client (a saturated pool
   * on every instance would otherwise take them all out of the load balancer).
   * Opened by the first ping, so a Database nobody pings (the jobs pools) has none.
   */
  private probe?: pg.Pool;
  private readonly openProbe: () => pg.Pool;
  private readonly ownsLag: boolean;
  private closed = false;

  constructor(options: DatabaseOptions) {
    this.primaryPool = this.addPool(options.primaryUrl, "primary", options.config.poolMax, options);
    this.primary = this.drizzle(this.primaryPool, "primary", options);
    const primaryStatements = options.metrics.sqlStatements.labels(poolLabel("primary", options));
    this.countPrimaryStatement = () => primaryStatements.inc();
    this.openProbe = () => this.ownPool(options.primaryUrl, poolLabel("primary", options), options, "primary");
    this.ownsLag = !options.replicaLag && options.replicaUrls.length > 0;
    this.replicaLag = options.replicaLag ?? (this.ownsLag ? this.createLag(options) : undefined);
    const replicas = options.replicaUrls.map((url, index) => this.replica(url, index, options));
    this.router = new ReadRouter(this.primary, replicas, this.replicaLag);
    if (this.ownsLag) this.replicaLag?.start();
  }

  private replica(url: string, index: number, options: DatabaseOptions): Db {
    const lag = this.replicaLag!;
    const client = new ReplicaWithFailover({
      replica: this.addPool(url, "replica", options.config.replicaPoolMax, options),
      primary: this.primaryPool,
      inRotation: () => lag.canRead(index),
      onFailover: (error) => {
        lag.markUnanswered(index);
        options.metrics.replicaFailovers.inc();
        options.logger.warn({ err: error, replica: replicaLabel(url) }, "replica unreachable; reading from the primary");
      },
    });
    // Drizzle only calls query() on a client outside transactions, and replicas run none.
    return this.drizzle(client as unknown as pg.Pool, "replica", options);
  }

  private createLag(options: DatabaseOptions): ReplicaLag {
    const { config, metrics, logger } = options;
    return new ReplicaLag({
      primary: this.ownPool(options.primaryUrl, "lag-poll", options, "primary"),
      replicas: options.replicaUrls.map((url) => ({ label: replicaLabel(url), pool: this.ownPool(url, "lag-poll", options) })),
      pollMs: config.replicaLagPollMs,
      maxLagMs: config.replicaMaxLagMs,
      metrics,
      logger,
    });
  }

  /** A one-connection pool outside the pool metrics, closed with the others. */
  private ownPool(url: string, name: string, options: DatabaseOptions, role?: DatabaseRole): pg.Pool {
    const pool = createPool(url, name, 1, options.config, options.logger, role);
    this.pools.push(pool);
    return pool;
  }

  private addPool(url: string, role: PoolRole, max: number, options: DatabaseOptions): pg.Pool {
    const pool = createPool(url, poolLabel(role, options), max, options.config, options.logger, role, role === "primary" ? this.primaryTimeline : undefined);
    this.pools.push(pool);
    options.metrics.observePool(poolLabel(role, options), pool);
    return pool;
  }

  private drizzle(client: pg.Pool, role: PoolRole, options: DatabaseOptions): Db {
    const statements = options.metrics.sqlStatements.labels(poolLabel(role, options));
    return drizzle(client, { logger: { logQuery: () => statements.inc() } });
  }

  /**
   * Runs `work` in one transaction on the primary: all of it commits, or none.
   * The connection is taken here, not by drizzle, whose own transaction never
   * gives back a connection whose BEGIN failed (a primary that stopped
   * answering would drain the pool for good); one that lost its server is dropped.
   */
  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const client = await this.primaryPool.connect();
    let failure: unknown;
    try {
      return await drizzle(client, { logger: { logQuery: this.countPrimaryStatement } }).transaction(work);
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      client.release(isDatabaseUnavailable(failure) ? new Error("the primary stopped answering") : undefined);
    }
  }

  /** Runs `work`, ONE statement, on the primary (DbHandle's, for a worker or the CLI). */
  statement<T>(work: (db: Db) => Promise<T>): Promise<T> {
    return work(this.primary);
  }

  get hasReplicas(): boolean {
    return this.replicaLag !== undefined;
  }

  /** A pool for a read that must see WAL position `after` (any read when undefined). */
  reader(after?: Lsn): Db {
    return this.router.reader(after);
  }

  /** A pool for a read that must see every write committed before this call (a job's reads). */
  async currentReader(): Promise<Db> {
    return this.hasReplicas ? this.reader(await this.walPosition()) : this.primary;
  }

  /** The primary's WAL position now: read after a commit, it is at or past that commit. */
  async walPosition(): Promise<Lsn> {
    const result = await this.primaryPool.query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn");
    const lsn = parseLsn(result.rows[0]?.lsn);
    if (lsn === undefined) throw new Error(`the primary reported no WAL position (${String(result.rows[0]?.lsn)})`);
    return lsn;
  }

  async ping(): Promise<void> {
    this.probe ??= this.openProbe();
    await this.probe.query("select 1");
  }

  /** Resolves while a replica takes reads (ReplicaLag's judgement, no query); rejects without replicas or with none in rotation. */
  async replicaReadable(): Promise<void> {
    if (!this.replicaLag?.anyInRotation()) throw new Error("no replica in rotation");
  }

  /** Idempotent: a second call returns at once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsLag) this.replicaLag?.close();
    await Promise.allSettled(this.pools.map((pool) => pool.end()));
  }
}
