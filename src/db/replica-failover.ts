import type pg from "pg";
import { isDatabaseUnavailable } from "./errors";

export interface ReplicaFailoverOptions {
  replica: pg.Pool;
  primary: pg.Pool;
  /** How long reads skip a replica that could not be reached before trying it again. */
  retryAfterMs: number;
  onFailover: (error: unknown) => void;
}

/**
 * The client drizzle reads a replica through. When the replica cannot be
 * reached, the statement runs on the primary instead and the replica is
 * left alone for `retryAfterMs`, so a replica going away costs clients
 * nothing but load on the primary. Statement errors are not retried.
 */
export class ReplicaWithFailover {
  private skipUntil = 0;

  constructor(private readonly options: ReplicaFailoverOptions) {}

  /** The only call drizzle makes on a client outside transactions. */
  async query(config: pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult> {
    const { replica, primary, retryAfterMs, onFailover } = this.options;
    if (Date.now() < this.skipUntil) return primary.query(config, values);
    try {
      return await replica.query(config, values);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.skipUntil = Date.now() + retryAfterMs;
      onFailover(error);
      return primary.query(config, values);
    }
  }
}
