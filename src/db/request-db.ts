import { type Database, type Db, type Tx } from "./database";
import { type Lsn, laterLsn } from "./lsn";

export interface RequestDbOptions {
  /** Called after each write, so cached reads from before it are dropped. */
  afterWrite: () => void;
  /** The WAL position this request's reads must see (the client's or its viewer's last write), if any. */
  readAfter?: Lsn;
  /** Called with the position of each committed write, to remember it for the viewer. */
  onCommit?: (lsn: Lsn) => Promise<void>;
}

/**
 * A request's view of the database. Reads go to a replica that has
 * replayed the position the request must see; once the request writes they
 * go to the primary. Each commit's position is kept for the X-Read-After
 * response header, so the client's next request (anywhere) sees the write.
 */
export class RequestDb {
  private wrote = false;
  private position: Lsn | undefined;

  constructor(
    private readonly database: Database,
    private readonly options: RequestDbOptions,
  ) {
    this.position = options.readAfter;
  }

  reader(): Db {
    return this.wrote ? this.database.primary : this.database.reader(this.position);
  }

  /** The position a client should send back as X-Read-After: its last write's, else the one it read after. */
  get readAfter(): Lsn | undefined {
    return this.position;
  }

  /** Runs `work` in one transaction on the primary: all of it commits, or none. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.written(() => this.database.transaction(work));
  }

  /** Runs `work`, ONE statement, on the primary: its own transaction, without the BEGIN and COMMIT round trips. */
  statement<T>(work: (db: Db) => Promise<T>): Promise<T> {
    return this.written(() => work(this.database.primary));
  }

  private async written<T>(write: () => Promise<T>): Promise<T> {
    this.wrote = true;
    try {
      const result = await write();
      await this.recordCommit();
      return result;
    } finally {
      this.options.afterWrite();
    }
  }

  /** Without replicas every read is on the primary already: no position to learn. */
  private async recordCommit(): Promise<void> {
    if (!this.database.hasReplicas) return;
    const lsn = await this.database.walPosition();
    this.position = laterLsn(this.position, lsn);
    await this.options.onCommit?.(lsn);
  }
}
