import { type GraphQLSchema } from "graphql";
import { type Extra, useServer } from "graphql-ws/use/ws";
import { randomUUID } from "node:crypto";
import { type Server } from "node:http";
import { WebSocketServer } from "ws";
import { type Metrics } from "../infra/metrics";
import { type Viewer } from "../modules/auth/tokens";
import { type AppServices, createContext } from "./context";
import { RateLimitedError } from "./errors";
import { createFormatError } from "./format-error";
import { clientIdentity } from "./limits";
import { countWebSockets, subscriptionMetricHooks } from "./ws-metrics";

type ConnectionParams = { authorization?: unknown; token?: unknown } | undefined;
type ConnectionExtra = Extra & { viewer?: Viewer | null };

/** The viewer a connection's params name: `authorization: "Bearer …"` or `token`; none means anonymous. */
async function viewerFrom(services: AppServices, params: ConnectionParams): Promise<Viewer | null> {
  if (typeof params?.token === "string") return services.tokens.verify(params.token);
  if (typeof params?.authorization === "string") return services.tokens.fromAuthorizationHeader(params.authorization);
  return null;
}

/**
 * graphql-ws on the HTTP server's port and path. A bad token closes the
 * connection with 4403 Forbidden; every subscribe message counts against
 * the client's endpoint limit, like an HTTP request. `dispose` closes every
 * client with 1001 (going away), so they reconnect elsewhere.
 */
export function attachSubscriptions(httpServer: Server, schema: GraphQLSchema, services: AppServices, metrics: Metrics): { dispose(): Promise<void> } {
  const wss = new WebSocketServer({ server: httpServer, path: "/graphql" });
  countWebSockets(wss, metrics);
  const subscriptionMetrics = subscriptionMetricHooks(metrics);
  const formatError = createFormatError(services.config.production);
  const server = useServer<ConnectionParams, ConnectionExtra & Record<PropertyKey, unknown>>(
    {
      schema,
      onConnect: async (ctx) => {
        try {
          ctx.extra.viewer = await viewerFrom(services, ctx.connectionParams);
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: async (ctx) => {
        const client = clientIdentity(ctx.extra.viewer ?? null, ctx.extra.request.socket.remoteAddress);
        const { allowed, retryAfterSeconds } = await services.clientLimits.check(client);
        return allowed ? undefined : [new RateLimitedError(retryAfterSeconds)];
      },
      context: (ctx) => createContext(services, randomUUID(), ctx.extra.viewer ?? null, ctx.extra.request.socket.remoteAddress),
      onOperation: subscriptionMetrics.onOperation,
      onComplete: subscriptionMetrics.onComplete,
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) } : undefined,
    },
    wss,
  );
  return { dispose: async () => void (await server.dispose()) };
}
