import { sql } from "drizzle-orm";
import { type Logger } from "pino";
import { type Db } from "../../db/database";
import { outboxChannel } from "./job.kinds";

/** Wakes every dispatcher of a deployment without Redis (they LISTEN on the outbox channel). */
export async function notifyOutbox(db: Db): Promise<void> {
  await db.execute(sql`select pg_notify(${outboxChannel}, '')`);
}

/**
 * Rung after a commit that wrote job rows; `send` wakes the dispatchers
 * (JobEventBus.ringOutbox: a Redis PUBLISH, or a NOTIFY without Redis). It
 * is sent after the commit, not in it: PostgreSQL serializes the commits of
 * notifying transactions on one database-wide lock held through their WAL
 * flush, which capped job starts at one per fsync. One ring is in flight per
 * process; rings meanwhile are answered by one more after it. A lost one
 * costs a job the dispatchers' poll interval, not the job.
 */
export class OutboxBell {
  private sending = false;
  private pending = false;

  constructor(
    private readonly send: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  ring(): void {
    if (this.sending) {
      this.pending = true;
      return;
    }
    this.sending = true;
    this.send()
      .catch((error: unknown) => this.logger.debug({ err: error }, "could not wake the job dispatchers; their poll will"))
      .finally(() => {
        this.sending = false;
        if (!this.pending) return;
        this.pending = false;
        this.ring();
      });
  }
}
