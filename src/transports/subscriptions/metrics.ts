import { type WebSocketServer } from "ws";
import { type Metrics } from "../../infra/metrics";

/** Keeps skein_ws_connections equal to the sockets `wss` holds open. */
export function countWebSockets(wss: WebSocketServer, metrics: Metrics): void {
  wss.on("connection", (socket) => {
    metrics.wsConnections.inc();
    socket.once("close", () => metrics.wsConnections.dec());
  });
}

/** Parameter types as wide as they can be, so the hooks fit any useServer<P, E> (they read neither). */
export interface SubscriptionMetricHooks {
  onOperation(ctx: object, id: string, payload: unknown, args: unknown, result: unknown): void;
  onComplete(ctx: object, id: string): void;
}

/**
 * graphql-ws hooks that keep skein_graphql_subscriptions_active. graphql-ws
 * calls onComplete for every operation that reached onOperation, also when
 * the client leaves, so the gauge cannot drift; queries sent over the
 * socket are not counted. Call these from useServer's own hooks.
 */
export function subscriptionMetricHooks(metrics: Metrics): SubscriptionMetricHooks {
  const running = new WeakMap<object, Set<string>>();
  return {
    onOperation(ctx, id, _payload, _args, result) {
      if (typeof result !== "object" || result === null || !(Symbol.asyncIterator in result)) return;
      const ids = running.get(ctx) ?? new Set<string>();
      running.set(ctx, ids.add(id));
      metrics.graphqlSubscriptionsActive.inc();
    },
    onComplete(ctx, id) {
      if (running.get(ctx)?.delete(id)) metrics.graphqlSubscriptionsActive.dec();
    },
  };
}
