import { type GraphQLError, type GraphQLSchema } from "graphql";
import { type Extra, useServer } from "graphql-ws/use/ws";
import { randomUUID } from "node:crypto";
import { type IncomingMessage, type Server } from "node:http";
import { WebSocketServer } from "ws";
import { type Metrics } from "../infra/metrics";
import { type Viewer } from "../modules/auth/tokens";
import { type AppServices, createContext } from "./context";
import { RateLimitedError } from "./errors";
import { createFormatError, createFormatResult } from "./format-error";
import { clientIdentity } from "./limits";
import { countWebSockets, subscriptionMetricHooks } from "./ws-metrics";
import { subscriptionChecker } from "./ws-operation";
import { rememberChecks } from "./subscriptions/checked-documents";
import { type SubscriptionFanout } from "./subscriptions/fanout";
import { operationKeyOf } from "./subscriptions/shape";
import { type WsExecutionArgs, wsSubscribe } from "./subscriptions/ws-delivery";

type ConnectionParams = { authorization?: unknown; token?: unknown } | undefined;
type ConnectionExtra = Extra & { viewer?: Viewer | null };

/** The client's address from the upgrade request, as HTTP's req.ip computes it (TRUST_PROXY). */
export type ClientIpOf = (request: IncomingMessage) => string;

/** The viewer a connection's params name: `authorization: "Bearer …"` or `token`; none means anonymous. */
async function viewerFrom(services: AppServices, params: ConnectionParams): Promise<Viewer | null> {
  if (typeof params?.token === "string") return services.tokens.verify(params.token);
  if (typeof params?.authorization === "string") return services.tokens.fromAuthorizationHeader(params.authorization);
  return null;
}

/**
 * graphql-ws on the HTTP server's port and path. A bad token closes the
 * connection with 4403 Forbidden; every subscribe message counts against
 * the client's endpoint limit, like an HTTP request, then gets Apollo's
 * checks (subscriptionChecker): graphql-ws alone would run anything the
 * schema allows. Events are executed once per shape by the fanout and
 * written straight to the sockets (subscriptions/ws-delivery.ts); a socket
 * that stops reading is closed with 4413. `dispose` closes every client
 * with 1001 (going away), so they reconnect elsewhere.
 */
export interface SubscriptionServerOptions {
  httpServer: Server;
  schema: GraphQLSchema;
  services: AppServices;
  metrics: Metrics;
  /** The client's address as HTTP sees it (TRUST_PROXY applied), for the endpoint limit. */
  clientIpOf: ClientIpOf;
  /** Executes each event once per shape for every transport. */
  fanout: SubscriptionFanout;
}

export function attachSubscriptions({ httpServer, schema, services, metrics, clientIpOf, fanout }: SubscriptionServerOptions): { dispose(): Promise<void> } {
  const wss = new WebSocketServer({ server: httpServer, path: "/graphql" });
  countWebSockets(wss, metrics);
  const subscriptionMetrics = subscriptionMetricHooks(metrics);
  const formatError = createFormatError(services.config.production);
  const formatResult = createFormatResult(services.config.production);
  const check = rememberChecks(subscriptionChecker(schema, services.config));
  const server = useServer<ConnectionParams, ConnectionExtra & Record<PropertyKey, unknown>>(
    {
      schema,
      connectionInitWaitTimeout: services.config.subscriptions.connectionInitTimeoutMs,
      subscribe: wsSubscribe({ fanout, bufferMaxBytes: services.config.subscriptions.bufferMaxBytes }),
      onConnect: async (ctx) => {
        try {
          ctx.extra.viewer = await viewerFrom(services, ctx.connectionParams);
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: async (ctx, id, payload): Promise<WsExecutionArgs | readonly GraphQLError[]> => {
        const viewer = ctx.extra.viewer ?? null;
        const clientIp = clientIpOf(ctx.extra.request);
        const { allowed, retryAfterSeconds } = await services.clientLimits.check(clientIdentity(viewer, clientIp));
        if (!allowed) return [new RateLimitedError(retryAfterSeconds)];
        const checked = check(payload);
        if ("errors" in checked) return checked.errors;
        const { operationName, variables } = payload;
        const contextValue = createContext(services, randomUUID(), viewer, clientIp);
        const operationKey = operationKeyOf(payload);
        return { schema, document: checked.document, variableValues: variables, operationName, contextValue, operationKey, socket: ctx.extra.socket, id };
      },
      onOperation: subscriptionMetrics.onOperation,
      onComplete: subscriptionMetrics.onComplete,
      // Refusals (onSubscribe's errors) and errors in results get the codes HTTP gives them.
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatError(error.toJSON(), error)),
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? formatResult(result) : undefined),
    },
    wss,
  );
  return { dispose: async () => void (await server.dispose()) };
}
