import { type RequestHandler } from "express";
import { type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from "graphql";
import { type OperationResult } from "graphql-sse";
import { createHandler } from "graphql-sse/lib/use/express";
import { randomUUID } from "node:crypto";
import { type IncomingMessage, type ServerResponse } from "node:http";
import { sendContractError } from "../http/error-response";
import { clientIp, requestOrigin } from "../http/client-ip";
import { type Metrics } from "../../infra/metrics";
import { RateLimitedError, UnauthenticatedError } from "../../errors";
import { type AppServices, createContext } from "../../graphql/context";
import { toGraphQLError } from "../../graphql/errors";
import { rememberChecks } from "../../graphql/subscriptions/checked-documents";
import { type Frame, type SharedExecutionArgs, type SubscriptionFanout } from "../../graphql/subscriptions/fanout";
import { mapEvents, subscribeShared } from "../../graphql/subscriptions/shared-subscribe";
import { traceSubscribe } from "../../graphql/subscriptions/subscribe-span";
import { clientIdentity } from "../../graphql/limits";
import { type Session, sessionFrom } from "../subscriptions/session";
import { subscriptionMetricHooks } from "../subscriptions/metrics";
import { type SubscriptionCaps } from "../subscriptions/caps";
import { type ClientConnections, capRetryAfterSeconds } from "../subscriptions/client-connections";
import { subscriptionChecker } from "../../graphql/subscriptions/operation-check";
import { refusalResponse, refuseStreamRequest, streamFailed } from "./refusals";
import { originKeyed } from "../../graphql/subscriptions/origin-key";
import { type TrustedDocuments } from "../../graphql/trusted-documents/trusted-documents";
import { trustedSubscribePayload } from "../../graphql/trusted-documents/subscribe-payload";
import { streamDocumentId } from "./document-id";

type SseExecutionArgs = SharedExecutionArgs & { res: ServerResponse };
/** graphql-sse wants a context with an index signature; Context is an interface without one. */
type StreamContext = Record<PropertyKey, unknown>;

export interface SubscriptionStreamOptions {
  schema: GraphQLSchema;
  services: AppServices;
  metrics: Metrics;
  fanout: SubscriptionFanout;
  /** The per-client caps, shared with the WebSocket transport so they count both. */
  connections: ClientConnections;
  caps: SubscriptionCaps;
  /** Which documents run, as on HTTP. */
  trusted: TrustedDocuments;
}

export interface SubscriptionStream {
  /** For POST /graphql/stream, or /graphql with Accept: text/event-stream; after the endpoint limit. */
  handle: RequestHandler;
  /** Ends every open stream without `complete`, so clients reconnect elsewhere (SIGTERM). */
  close(): void;
}

/** Ends the stream when its token expires, as a WebSocket is closed with 4403 then: no subscription outlives its token. */
function endAtExpiry(res: ServerResponse, expiresAt: number | undefined): NodeJS.Timeout | undefined {
  if (expiresAt === undefined) return undefined;
  // setTimeout's longest delay is about 24.8 days; a token living longer is checked again then.
  return setTimeout(() => (Date.now() >= expiresAt ? res.end() : endAtExpiry(res, expiresAt)), Math.min(Math.max(0, expiresAt - Date.now()), 2 ** 31 - 1));
}

/**
 * Subscriptions over Server-Sent Events (graphql-sse, distinct connections
 * mode: one stream per subscription), for networks that block WebSockets.
 * Behind /graphql's body limit and CSRF rule (refusals.ts); a refused
 * subscription is answered in JSON with its codes. The same checks as
 * graphql-ws: the Authorization header's token (401 if bad; the stream ends
 * when it expires), the endpoint limit (its middleware runs first), the
 * per-client connection cap (HTTP 429) and subscription cap, both counted
 * over the two transports, subscriptionChecker, and the same fanout, so an
 * event is executed once per shape for both transports. A stream holding
 * more than SUBSCRIPTION_BUFFER_MAX_BYTES unsent is cut.
 */
export function createSubscriptionStream({ schema, services, metrics, fanout, connections, caps, trusted }: SubscriptionStreamOptions): SubscriptionStream {
  const { config } = services;
  const check = rememberChecks(subscriptionChecker(schema, config), metrics);
  const formatResult = (result: ExecutionResult) => fanout.formatResult(result) as Awaited<OperationResult>;
  const refuse = (errors: ExecutionResult["errors"]) => refusalResponse(fanout.formatResult({ errors }));
  const open = new Set<ServerResponse>();
  const sessions = new WeakMap<IncomingMessage, Session>();
  const subscriptionMetrics = subscriptionMetricHooks(metrics);
  const handler = createHandler<StreamContext>({
    schema,
    // No single connection mode: a stream carries one subscription, as graphql-sse's client does by default.
    authenticate: () => null,
    onSubscribe: async (req, params) => {
      const named = trustedSubscribePayload(trusted, { ...params, documentId: streamDocumentId(req.raw) });
      if (Array.isArray(named)) return refuse(named);
      const { answer: checked, operationKey } = check(named as typeof params);
      if ("errors" in checked) return refuse(checked.errors);
      const express = req.raw;
      const viewer = sessions.get(express)?.viewer ?? null;
      const ip = clientIp(express, express.app);
      // One stream, one subscription: the response stands for graphql-ws's connection.
      const refusal = caps.take(req.context.res, clientIdentity(viewer, ip), "");
      if (refusal) return refuse([toGraphQLError(refusal)]);
      const origin = requestOrigin(express, express.app);
      const contextValue = createContext(services, { requestId: express.res?.locals.requestId ?? randomUUID(), viewer, clientIp: ip, originOf: () => origin });
      const { variables, operationName } = params;
      const shared = { operationKey: originKeyed(operationKey, origin), res: req.context.res };
      const args: SseExecutionArgs = { schema, document: checked.document, variableValues: variables, operationName, contextValue, ...shared };
      return args as SseExecutionArgs & { contextValue: StreamContext };
    },
    subscribe: (execArgs: ExecutionArgs) => streamSubscribe(execArgs as SseExecutionArgs),
    // One stream, one operation: the request stands for graphql-ws's connection and id.
    onOperation: (_ctx, req, args, result) => subscriptionMetrics.onOperation(req, "", undefined, args, result),
    onComplete: (_ctx, req) => {
      caps.release(req.context.res, "");
      subscriptionMetrics.onComplete(req, "");
    },
  });

  // Formatted results (plain errors) are what graphql-sse prints; its types ask for graphql's.
  const streamSubscribe = async (args: SseExecutionArgs): Promise<Awaited<OperationResult>> => {
    const frames = await traceSubscribe("sse", args, () => subscribeShared(fanout, args));
    if (!(Symbol.asyncIterator in frames)) return formatResult(frames);
    return mapEvents(frames, (frame: Frame) => {
      // Events already on their way when the stream was cut: dropped, and the cut counted once.
      if (args.res.destroyed) return undefined;
      if (args.res.writableLength > config.subscriptions.bufferMaxBytes) {
        fanout.closedSlowSubscriber();
        args.res.destroy();
        return undefined;
      }
      fanout.delivered(frame.publishedAt);
      return frame.result;
    }) as Awaited<OperationResult>;
  };

  return {
    handle: async (req, res) => {
      if (refuseStreamRequest(req, res)) return;
      try {
        sessions.set(req, await sessionFrom(services.tokens, { authorization: req.headers.authorization }));
      } catch {
        return sendContractError(res, new UnauthenticatedError("The token is invalid or has expired."));
      }
      const refusal = connections.hold(clientIp(req, req.app), res);
      if (refusal) return sendContractError(res, new RateLimitedError(capRetryAfterSeconds, refusal));
      open.add(res);
      const expiry = endAtExpiry(res, sessions.get(req)?.expiresAt);
      res.once("close", () => {
        open.delete(res);
        clearTimeout(expiry);
        caps.releaseAll(res);
      });
      await handler(req, res).catch((error: unknown) => streamFailed(services.logger, error, res));
    },
    close: () => {
      for (const res of open) res.end();
    },
  };
}
