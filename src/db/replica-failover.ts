import type pg from "pg";
import { isDatabaseUnavailable } from "./errors";

export interface ReplicaFailoverOptions {
  replica: pg.Pool;
  primary: pg.Pool;
  /** False while the replica is out of rotation (lagging or not answering). */
  inRotation: () => boolean;
  /** The replica could not be reached (refused, reset, or no reply within DB_QUERY_TIMEOUT_MS). */
  onFailover: (error: unknown) => void;
}

/**
 * The client drizzle reads a replica through. When the replica cannot be
 * reached, the statement runs on the primary instead and `onFailover` takes
 * the replica out of rotation, so a replica going away costs a read at most
 * one query timeout and no error. A client held while the replica left the
 * rotation reads the primary. Statement errors are not retried.
 */
export class ReplicaWithFailover {
  constructor(private readonly options: ReplicaFailoverOptions) {}

  /** The only call drizzle makes on a client outside transactions. */
  async query(config: pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult> {
    const { replica, primary, inRotation, onFailover } = this.options;
    if (!inRotation()) return primary.query(config, values);
    try {
      return await replica.query(config, values);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      onFailover(error);
      return primary.query(config, values);
    }
  }
}
