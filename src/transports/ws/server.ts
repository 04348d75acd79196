import { type GraphQLError, type GraphQLSchema } from "graphql";
import { type Extra, useServer } from "graphql-ws/use/ws";
import { randomUUID } from "node:crypto";
import { type IncomingMessage, type Server } from "node:http";
import { WebSocketServer } from "ws";
import { type Metrics } from "../../infra/metrics";
import { type AppServices, type Context, createContext } from "../../graphql/context";
import { RateLimitedError, UnauthenticatedError } from "../../errors";
import { clientIdentity } from "../../graphql/limits";
import { logResolverFaults } from "../../graphql/plugins/error-logging";
import { type ClientIpOf, admitUpgrades } from "./admission";
import { type ConnectionParams, type Session, closeAtExpiry, hasExpired, sessionFrom } from "../subscriptions/session";
import { toGraphQLError } from "../../graphql/errors";
import { errorsOfThrow, logSocketErrors, wsErrorFormatter } from "./errors";
import { countWebSockets, subscriptionMetricHooks } from "../subscriptions/metrics";
import { subscriptionChecker } from "../../graphql/subscriptions/operation-check";
import { type SubscriptionCaps } from "../subscriptions/caps";
import { type ClientConnections } from "../subscriptions/client-connections";
import { rememberChecks } from "../../graphql/subscriptions/checked-documents";
import { type SubscriptionFanout } from "../../graphql/subscriptions/fanout";
import { originKeyed } from "../../graphql/subscriptions/origin-key";
import { type WsExecutionArgs, wsSubscribe } from "./delivery";
import { type TrustedDocuments } from "../../graphql/trusted-documents/trusted-documents";
import { trustedSubscribePayload } from "../../graphql/trusted-documents/subscribe-payload";

type ConnectionExtra = Extra & { session?: Session };

/**
 * graphql-ws on the HTTP server's port and path. An upgrade is admitted or
 * refused with HTTP 429 (admitUpgrades) before any message is read, and no
 * message may exceed WS_MAX_PAYLOAD_BYTES (ws closes the socket with 1009
 * before parsing it). A bad token closes the connection with 4403
 * Forbidden, and so does the token's expiry. Each subscribe acts with the
 * viewer's role as it is then (TokenService.current). Every subscribe message counts
 * against the client's endpoint limit, like an HTTP request, gets Apollo's
 * checks (subscriptionChecker: graphql-ws alone would run anything the
 * schema allows), then takes one of the client's subscription slots
 * (SubscriptionCaps). Errors go out as HTTP formats them (wsErrorFormatter).
 * Events are executed once per shape by the fanout and written straight to
 * the sockets (delivery.ts); a socket that stops reading is
 * closed with 4413.
 * `close` closes every client with 1001 (going away), so they reconnect
 * elsewhere.
 */
export interface SubscriptionServerOptions {
  httpServer: Server;
  schema: GraphQLSchema;
  services: AppServices;
  metrics: Metrics;
  /** The client's address as HTTP sees it (TRUST_PROXY applied), for the endpoint limit. */
  clientIpOf: ClientIpOf;
  /** `scheme://host` as the client addressed the upgrade (TRUST_PROXY applied), for absolute links as over HTTP. */
  originOf: (request: IncomingMessage) => string;
  /** Whether an upgrade's Origin may open a socket (the CORS allowlist). */
  admitsOrigin: (request: IncomingMessage) => boolean;
  /** Executes each event once per shape for every transport. */
  fanout: SubscriptionFanout;
  /** The per-client caps, shared with the SSE transport so they count both. */
  connections: ClientConnections;
  caps: SubscriptionCaps;
  /** Which documents run, as on HTTP. */
  trusted: TrustedDocuments;
}

export function attachSubscriptions({
  httpServer,
  schema,
  services,
  metrics,
  clientIpOf,
  originOf,
  admitsOrigin,
  fanout,
  connections,
  caps,
  trusted,
}: SubscriptionServerOptions): { close(): Promise<void> } {
  const { config, logger } = services;
  const wss = new WebSocketServer({
    server: httpServer,
    path: "/graphql",
    maxPayload: config.websocket.maxPayloadBytes,
    // ws's default, spelled out: delivery.ts writes whole frames beside ws's, and refuses a server that compresses.
    perMessageDeflate: false,
    verifyClient: admitUpgrades({ connections, clientLimits: services.clientLimits, clientIpOf, admitsOrigin }),
  });
  countWebSockets(wss, metrics);
  const subscriptionMetrics = subscriptionMetricHooks(metrics);
  const formatError = wsErrorFormatter(config);
  const check = rememberChecks(subscriptionChecker(schema, config), metrics);
  const server = useServer<ConnectionParams, ConnectionExtra & Record<PropertyKey, unknown>>(
    {
      schema,
      connectionInitWaitTimeout: config.websocket.connectionInitTimeoutMs,
      subscribe: wsSubscribe({ fanout, bufferMaxBytes: config.subscriptions.bufferMaxBytes, server: wss }),
      onConnect: async (ctx) => {
        try {
          const session = await sessionFrom(services.tokens, ctx.connectionParams);
          ctx.extra.session = session;
          if (session.expiresAt !== undefined) closeAtExpiry(ctx.extra.socket, session.expiresAt);
          return true;
        } catch {
          return false;
        } finally {
          // graphql-ws keeps the params for the connection's life; only the token was needed.
          (ctx as { connectionParams?: unknown }).connectionParams = undefined;
        }
      },
      onSubscribe: async (ctx, id, payload): Promise<WsExecutionArgs | readonly GraphQLError[]> => {
        try {
          const session = ctx.extra.session ?? { viewer: null };
          if (hasExpired(session)) return [toGraphQLError(new UnauthenticatedError("The token has expired; log in again."))];
          // The role as it is now, not as it was at connection_init: a demoted or deleted user's socket loses their rights too.
          const viewer = session.viewer && (await services.tokens.current(session.viewer));
          const clientIp = clientIpOf(ctx.extra.request);
          const client = clientIdentity(viewer, clientIp);
          const { allowed, retryAfterSeconds } = await services.clientLimits.check(client);
          if (!allowed) return [toGraphQLError(new RateLimitedError(retryAfterSeconds))];
          const named = trustedSubscribePayload(trusted, payload);
          if (Array.isArray(named)) return named;
          const { answer: checked, operationKey } = check(named as typeof payload);
          if ("errors" in checked) return checked.errors;
          const refusal = caps.take(ctx, client, id);
          if (refusal) return [toGraphQLError(refusal)];
          const origin = originOf(ctx.extra.request);
          const contextValue = createContext(services, { requestId: randomUUID(), viewer, clientIp, originOf: () => origin });
          const { variables, operationName } = payload;
          return { schema, document: checked.document, variableValues: variables, operationName, contextValue, operationKey: originKeyed(operationKey, origin), socket: ctx.extra.socket, tcp: ctx.extra.request.socket, id };
        } catch (error) {
          return errorsOfThrow(error, logger);
        }
      },
      onOperation: subscriptionMetrics.onOperation,
      onComplete: (ctx, id) => {
        caps.release(ctx, id);
        subscriptionMetrics.onComplete(ctx, id);
      },
      onClose: (ctx) => caps.releaseAll(ctx),
      // Refusals (onSubscribe's errors) and errors in results get the codes HTTP gives them.
      onError: (_ctx, _id, _payload, errors) => errors.map(formatError),
      onNext: (_ctx, _id, payload, args, result) => {
        if (!result.errors) return undefined;
        // onSubscribe made this context; its logger carries the request id.
        logResolverFaults((args.contextValue as Context).logger, result.errors, payload.operationName);
        return { ...result, errors: result.errors.map(formatError) };
      },
    },
    wss,
  );
  // After graphql-ws's own connection listener: see logSocketErrors.
  wss.on("connection", (socket) => logSocketErrors(socket, logger));
  return { close: async () => void (await server.dispose()) };
}
