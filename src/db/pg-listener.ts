import pg from "pg";
import { type Logger } from "pino";

export interface PgListenerOptions {
  url: string;
  channel: string;
  onNotify: (payload: string) => void;
  logger: Logger;
  /** Wait before listening again after the connection is lost. */
  retryMs?: number;
}

const defaultRetryMs = 1_000;

/**
 * A LISTEN on its own connection that comes back by itself: when the
 * connection breaks (a restart, a failover) it connects and listens again
 * every `retryMs` until `close`. Notifications sent while it was away are
 * lost, so users keep a poll or accept a missed event.
 */
export class PgListener {
  private client?: pg.Client;
  private retryTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: PgListenerOptions) {}

  /** Resolves once listening; rejects if this first try fails (it keeps trying regardless). */
  start(): Promise<void> {
    return this.connect();
  }

  private async connect(): Promise<void> {
    const { url, channel, onNotify } = this.options;
    const client = new pg.Client({ connectionString: url });
    client.on("notification", (message) => {
      if (message.channel === channel && message.payload !== undefined) onNotify(message.payload);
    });
    client.on("error", (error) => this.retry(client, error));
    try {
      await client.connect();
      await client.query(`listen "${channel}"`);
      if (this.closed) await client.end();
      else this.client = client;
    } catch (error) {
      this.retry(client, error);
      throw error;
    }
  }

  private retry(client: pg.Client, error: unknown): void {
    if (this.client === client) this.client = undefined;
    client.end().catch(() => undefined);
    if (this.closed || this.retryTimer) return;
    this.options.logger.warn({ err: error, channel: this.options.channel }, "LISTEN connection lost; trying again");
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect().catch(() => undefined);
    }, this.options.retryMs ?? defaultRetryMs);
  }

  /** Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}
