import { type EventEmitter } from "node:events";
import { type Config } from "../../config";

/**
 * What a refusal by a full cap (connections, subscriptions) asks a client to
 * wait: the cap frees when one of the client's connections or subscriptions
 * ends, not after a window, so this only keeps a client that retries from
 * spinning.
 */
export const capRetryAfterSeconds = 1;

/**
 * Open subscription connections per client address in this process, both
 * transports together: a WebSocket from its upgrade until its TCP
 * connection closes, an SSE stream until its response closes.
 * WS_CONNECTIONS_PER_CLIENT_MAX caps their sum, so a client refused a
 * WebSocket cannot open as many streams instead. The address counts, not
 * the user: a WebSocket upgrade carries no token.
 */
export class ClientConnections {
  private readonly open = new Map<string, number>();

  constructor(private readonly config: Config) {}

  /** Holds a place for `ip` until `connection` emits "close"; returns the refusal's message when the cap is full. */
  hold(ip: string, connection: EventEmitter): string | undefined {
    const opened = this.open.get(ip) ?? 0;
    const max = this.config.websocket.connectionsPerClientMax;
    if (this.config.limits.enabled && opened >= max) return `At most ${max} subscription connections (WebSocket and SSE together) per client.`;
    this.open.set(ip, opened + 1);
    connection.once("close", () => this.release(ip));
    return undefined;
  }

  private release(ip: string): void {
    const left = (this.open.get(ip) ?? 1) - 1;
    if (left > 0) this.open.set(ip, left);
    else this.open.delete(ip);
  }
}
