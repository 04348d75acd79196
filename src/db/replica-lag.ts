import type pg from "pg";
import { type Logger } from "pino";
import { type Metrics } from "../infra/metrics";
import { type Lsn, parseLsn } from "./lsn";

export interface PolledReplica {
  /** host:port, the `replica` label of the lag metrics. */
  label: string;
  /** A small pool of the poller's own, so a busy request pool never looks like lag. */
  pool: pg.Pool;
}

export interface ReplicaLagOptions {
  primary: pg.Pool;
  replicas: readonly PolledReplica[];
  pollMs: number;
  maxLagMs: number;
  metrics: Metrics;
  logger: Logger;
}

interface ReplicaState {
  /** The last replay position it reported; undefined until it has answered. */
  replayed?: Lsn;
  inRotation: boolean;
  /** When a read last failed to reach it: only a poll begun after that may bring it back. */
  unansweredAt: number;
}

/** The primary's WAL head as this process saw it, and when: turns a byte gap into seconds. */
interface HeadSample {
  lsn: Lsn;
  at: number;
}

/** Samples kept at most (with a 250 ms poll, over 40 minutes of steady writes). */
const headSamplesMax = 10_000;

// A replica reports how far it has replayed; a server that is not a standby
// (a promoted replica, or the primary itself in a test) reports its own WAL head.
const replayedSql = "select (case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_lsn() end)::text as lsn";
const headSql = "select pg_current_wal_lsn()::text as lsn";

async function positionOf(pool: pg.Pool, sql: string): Promise<Lsn | undefined> {
  const result = await pool.query<{ lsn: string | null }>(sql);
  return parseLsn(result.rows[0]?.lsn);
}

/**
 * How far each replica is behind the primary, polled every `pollMs`. Lag in
 * bytes is the primary's head minus the replica's replay position. Lag in
 * seconds is how long ago this process first saw the primary's head move
 * past the replica's replay position (0 when it has replayed everything),
 * from this process's own clock: no clock skew between hosts, and an idle
 * primary never looks like lag. It reads low by at most one poll.
 *
 * A replica is in rotation while it answers and its lag is at most
 * `maxLagMs`. When the primary does not answer, replicas keep being judged
 * against its last known head.
 */
export class ReplicaLag {
  private readonly states: ReplicaState[];
  private readonly headSamples: HeadSample[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  /** The head query asked for by `clamped` and not sent yet: later callers join it. */
  private nextHead?: Promise<Lsn | undefined>;
  /** The last head query `clamped` sent; the next one waits for it (one at a time on the primary). */
  private headInFlight: Promise<Lsn | undefined> = Promise.resolve(undefined);

  constructor(private readonly options: ReplicaLagOptions) {
    // Until the first poll a replica takes reads that need no position, as it would with no poller.
    this.states = options.replicas.map(() => ({ inRotation: true, unansweredAt: 0 }));
  }

  /**
   * Polls now and then every `pollMs` until `close`: the primary and each
   * replica on a loop of its own, so one that stops answering (a wait of up
   * to DB_QUERY_TIMEOUT_MS) never delays the judgement of the others.
   */
  start(): void {
    void this.every(() => this.pollHead());
    this.options.replicas.forEach((_, index) => void this.every(() => this.pollReplica(index)));
  }

  close(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
  }

  /** True when replica `index` may take reads that must see `after` (any read when undefined). */
  canRead(index: number, after?: Lsn): boolean {
    const state = this.states[index];
    if (!state.inRotation) return false;
    return after === undefined || (state.replayed !== undefined && state.replayed >= after);
  }

  /**
   * `after`, or the primary's WAL head when `after` is past it: no client
   * can have seen a later position, and one past every replay (a forged
   * `FFFFFFFF/FFFFFFFF`) would pin its reads to the primary. A position past
   * the last polled head asks the primary for its head first, so a write
   * committed since that poll, through any instance, is never clamped away.
   */
  async clamped(after: Lsn): Promise<Lsn> {
    const polled = this.headSamples.at(-1)?.lsn;
    if (polled !== undefined && after <= polled) return after;
    const head = await this.freshHead();
    if (head === undefined || after <= head) return after;
    this.options.metrics.readAfterClamped.inc();
    return head;
  }

  /**
   * The primary's head from a query sent after this call: callers join the
   * query not sent yet, never the one in flight (which may have left before
   * their client's write committed). At most one runs at a time, whatever
   * the number of requests waiting.
   */
  private freshHead(): Promise<Lsn | undefined> {
    this.nextHead ??= this.headInFlight.then(() => {
      this.nextHead = undefined;
      this.headInFlight = positionOf(this.options.primary, headSql).then(
        (head) => {
          if (head !== undefined) this.recordHead(head);
          return head;
        },
        () => undefined,
      );
      return this.headInFlight;
    });
    return this.nextHead;
  }

  /** True while some replica takes reads: with the primary down, the instance can still answer queries. */
  anyInRotation(): boolean {
    return this.states.some((state) => state.inRotation);
  }

  /** A read on it failed to reach it: out of rotation until a poll gets an answer again. */
  markUnanswered(index: number): void {
    this.states[index].unansweredAt = Date.now();
    this.setRotation(index, false);
  }

  private async every(poll: () => Promise<void>): Promise<void> {
    while (!this.stopped) {
      const started = Date.now();
      await poll();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, Math.max(0, this.options.pollMs - (Date.now() - started)));
        timer.unref();
        this.timers.add(timer);
      });
    }
  }

  private async pollHead(): Promise<void> {
    const head = await positionOf(this.options.primary, headSql).catch(() => undefined);
    if (head !== undefined) this.recordHead(head);
    this.forgetReplayedSamples();
  }

  private async pollReplica(index: number): Promise<void> {
    const startedAt = Date.now();
    const [result] = await Promise.allSettled([positionOf(this.options.replicas[index].pool, replayedSql)]);
    if (!this.stopped) this.judge(index, result, startedAt);
  }

  private recordHead(lsn: Lsn): void {
    const last = this.headSamples.at(-1);
    if (last && last.lsn >= lsn) return;
    this.headSamples.push({ lsn, at: Date.now() });
    if (this.headSamples.length > headSamplesMax) this.headSamples.shift();
  }

  private judge(index: number, result: PromiseSettledResult<Lsn | undefined>, pollStartedAt: number): void {
    const { label } = this.options.replicas[index];
    if (this.states[index].unansweredAt >= pollStartedAt) return;
    if (result.status === "rejected" || result.value === undefined) {
      if (this.states[index].inRotation) this.options.logger.warn({ replica: label, err: result.status === "rejected" ? result.reason : undefined }, "replica does not answer; out of rotation");
      this.setRotation(index, false);
      return;
    }
    const replayed = result.value;
    this.states[index].replayed = replayed;
    const head = this.headSamples.at(-1)?.lsn ?? replayed;
    const behindSince = this.headSamples.find((sample) => sample.lsn > replayed)?.at;
    const lagMs = behindSince === undefined ? 0 : Date.now() - behindSince;
    const { metrics } = this.options;
    metrics.replicaLagBytes.set({ replica: label }, head > replayed ? Number(head - replayed) : 0);
    metrics.replicaLagSeconds.set({ replica: label }, lagMs / 1000);
    const inRotation = lagMs <= this.options.maxLagMs;
    if (inRotation !== this.states[index].inRotation) {
      this.options.logger.info({ replica: label, lagMs, inRotation }, inRotation ? "replica is in rotation" : "replica lags too far; out of rotation");
    }
    this.setRotation(index, inRotation);
  }

  private setRotation(index: number, inRotation: boolean): void {
    this.states[index].inRotation = inRotation;
    this.options.metrics.replicaInRotation.set({ replica: this.options.replicas[index].label }, inRotation ? 1 : 0);
  }

  /** Samples every replica has replayed past are never looked up again (positions only grow). */
  private forgetReplayedSamples(): void {
    const replayed = this.states.map((state) => state.replayed);
    if (replayed.some((lsn) => lsn === undefined)) return;
    const slowest = replayed.reduce((a, b) => (a! < b! ? a : b))!;
    while (this.headSamples.length > 1 && this.headSamples[0].lsn <= slowest) this.headSamples.shift();
  }
}
