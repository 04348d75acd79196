import { type Database, type Db, type Tx } from "./database";

/**
 * A request's view of the database. Reads go to a replica until the request
 * writes; from then on they go to the primary, so a client always reads its
 * own writes even while replicas lag.
 */
export class RequestDb {
  private wrote = false;

  constructor(
    private readonly database: Database,
    /** Called after each write, so cached reads from before it are dropped. */
    private readonly afterWrite: () => void,
  ) {}

  reader(): Db {
    return this.wrote ? this.database.primary : this.database.reader();
  }

  /** Runs `work` in one transaction on the primary: all of it commits, or none. */
  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    this.wrote = true;
    try {
      return await this.database.primary.transaction(work);
    } finally {
      this.afterWrite();
    }
  }
}
