import { type Db } from "./database";
import { type Lsn } from "./lsn";
import { type ReplicaLag } from "./replica-lag";

/**
 * Picks the pool for a read: the next replica in rotation (round robin) that
 * has replayed `after`, else the primary. A read with no position to see
 * may go to any replica in rotation.
 */
export class ReadRouter {
  private next = 0;

  constructor(
    private readonly primary: Db,
    private readonly replicas: readonly Db[],
    private readonly lag: ReplicaLag | undefined,
  ) {}

  reader(after?: Lsn): Db {
    if (!this.lag) return this.primary;
    for (let tried = 0; tried < this.replicas.length; tried++) {
      this.next = (this.next + 1) % this.replicas.length;
      if (this.lag.canRead(this.next, after)) return this.replicas[this.next];
    }
    return this.primary;
  }
}
