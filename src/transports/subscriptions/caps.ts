import { type Config } from "../../config";
import { RateLimitedError } from "../../errors";
import { capRetryAfterSeconds as retryAfterSeconds } from "./client-connections";

interface Held {
  client: string;
  ids: Set<string>;
}

/**
 * Active subscriptions per connection (WS_SUBSCRIPTIONS_PER_CONNECTION_MAX)
 * and per client over all its connections in this process
 * (WS_SUBSCRIPTIONS_PER_CLIENT_MAX; one instance serves both transports, so
 * SSE streams count too). A subscription holds its slot from the
 * moment onSubscribe lets it run until graphql-ws reports it complete or its
 * socket closes; `connection` is graphql-ws's per-socket context.
 */
export class SubscriptionCaps {
  private readonly perClient = new Map<string, number>();
  private readonly held = new WeakMap<object, Held>();

  constructor(private readonly config: Config) {}

  /** Takes a slot for subscription `id` of `client` (see clientIdentity); returns the error that refuses it when a cap is full. */
  take(connection: object, client: string, id: string): RateLimitedError | undefined {
    const held = this.held.get(connection) ?? { client, ids: new Set<string>() };
    const { subscriptionsPerConnectionMax, subscriptionsPerClientMax } = this.config.websocket;
    if (this.config.limits.enabled) {
      if (held.ids.size >= subscriptionsPerConnectionMax) {
        return new RateLimitedError(retryAfterSeconds, `At most ${subscriptionsPerConnectionMax} active subscriptions per connection; complete one first.`);
      }
      if ((this.perClient.get(client) ?? 0) >= subscriptionsPerClientMax) {
        return new RateLimitedError(retryAfterSeconds, `At most ${subscriptionsPerClientMax} active subscriptions per user; complete one first.`);
      }
    }
    this.held.set(connection, held);
    held.ids.add(id);
    this.perClient.set(client, (this.perClient.get(client) ?? 0) + 1);
    return undefined;
  }

  /** Frees subscription `id`'s slot; a second call, or an id that never took one, does nothing. */
  release(connection: object, id: string): void {
    const held = this.held.get(connection);
    if (!held?.ids.delete(id)) return;
    const left = (this.perClient.get(held.client) ?? 1) - 1;
    if (left > 0) this.perClient.set(held.client, left);
    else this.perClient.delete(held.client);
  }

  /** Frees every slot the connection still holds (its socket closed). */
  releaseAll(connection: object): void {
    for (const id of this.held.get(connection)?.ids ?? []) this.release(connection, id);
  }
}
