import { type ApolloServer } from "@apollo/server";
import express, { type Express, type RequestHandler } from "express";
import { type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { type Config } from "../../config";
import { readAfterHeader } from "../../db/read-position";
import { type AppServices, type Context, createContext } from "../../graphql/context";
import { wantsEventStream } from "./event-stream";
import { type TrustedDocuments } from "../../graphql/trusted-documents/trusted-documents";
import { type Health } from "../../infra/health";
import { type Metrics } from "../../infra/metrics";
import { type MetricsSource, metricsHandler } from "../../infra/metrics-endpoint";
import { ForbiddenError } from "../../errors";
import { bodyErrorHandler } from "./body-errors";
import { clientIp, requestOrigin } from "./client-ip";
import { OriginPolicy, withCors } from "./cors";
import { clientAdmission, clientLimitMiddleware } from "./client-limit";
import { sendContractError } from "./error-response";
import { serveGraphiQL } from "./graphiql";
import { withGraphQLFastPath } from "./graphql-fast-path";
import { graphqlRoute } from "./graphql-route";
import { healthRoutes } from "./health-routes";
import { jsonBody } from "./json-body";
import { landingPage } from "./landing-page";
import { observeRequests, requestObserver, routeLabelOf, routeOf } from "./observe-requests";
import { assignRequestId } from "./request-id";
import { traceRequests } from "./trace-requests";
import { viewerOf } from "./viewer";

/** A route beside /graphql (a feature's, say); the handler is built once, from the services. */
export interface HttpRoute {
  /** "get": GET on this path; "use": every method on the path and below it. */
  method: "get" | "use";
  path: string;
  handler: (services: AppServices) => RequestHandler;
}

export interface HttpAppOptions {
  config: Config;
  apollo: ApolloServer<Context>;
  services: AppServices;
  metrics: Metrics;
  health: Health;
  /** Unset when /metrics has a port of its own (METRICS_PORT). */
  metricsSource?: MetricsSource;
  /** Subscriptions over Server-Sent Events (src/transports/sse/stream.ts). */
  subscriptionStream: RequestHandler;
  routes: readonly HttpRoute[];
  /** Which documents run (src/graphql/trusted-documents/). */
  trusted: TrustedDocuments;
}

/** GraphQL over SSE takes /graphql/stream and `Accept: text/event-stream`; Apollo the rest. A page on a refused origin gets 403. */
const eventStreamOr =
  (stream: RequestHandler, admitsStream: (req: IncomingMessage) => boolean): RequestHandler =>
  (req, res, next) => {
    if (!wantsEventStream(req)) return next();
    if (!admitsStream(req)) return sendContractError(res, new ForbiddenError("This origin may not open a stream."));
    return stream(req, res, next);
  };

/** Builds a GraphQL request's context, whichever way the request came in (the fast path or Express). */
function contextBuilder(services: AppServices, app: Express) {
  return async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<Context> => {
    const viewer = await viewerOf(req, services.tokens);
    // Only with replicas is there a replica that could miss the client's last write.
    const readAfter = services.database.hasReplicas ? await services.readPositions.requiredFor(viewer?.id, req.headers[readAfterHeader]) : undefined;
    return createContext(services, {
      requestId,
      viewer,
      // Limits count the address only when there is no viewer: proxy-addr is not free.
      clientIp: viewer ? undefined : clientIp(req, app),
      originOf: () => requestOrigin(req, app),
      readAfter,
      afterResponse: (letGo) => res.once("finish", letGo),
    });
  };
}

export interface HttpHandler {
  /** What the server's "request" event calls. */
  listener: RequestListener;
  /** The Express app behind it, whose "trust proxy" setting every transport reads client addresses with. */
  app: Express;
  /** Whether a request may open a subscription stream from its Origin (OriginPolicy.admitsStream); the WebSocket upgrade asks too. */
  admitsStream: (req: IncomingMessage) => boolean;
}

/**
 * GraphQL over HTTP, the offline explorer, health and metrics: Express, with
 * plain JSON POSTs to /graphql answered ahead of it by the same steps
 * (graphql-fast-path.ts).
 */
export function createHttpHandler({ config, apollo, services, metrics, health, metricsSource, subscriptionStream, routes, trusted }: HttpAppOptions): HttpHandler {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  const featureRoutes = routes.map(routeLabelOf);
  const observe = requestObserver(metrics, services.logger, featureRoutes);
  const admit = clientAdmission(services.clientLimits, services.tokens, app);
  const context = contextBuilder(services, app);
  const origins = new OriginPolicy(config);
  const admitsStream = (req: IncomingMessage) => origins.admitsStream(req, () => requestOrigin(req, app));

  app.use(assignRequestId, observeRequests(observe));
  // First after the request id and metrics: GraphQL is nearly all the traffic,
  // and Express tries every route above a request's own in turn.
  app.use(
    "/graphql",
    clientLimitMiddleware(admit),
    // The body limit first: graphql-sse reads the body it is handed, else the whole request.
    jsonBody(config.graphql.bodyLimitBytes),
    bodyErrorHandler,
    eventStreamOr(subscriptionStream, admitsStream),
    graphqlRoute(apollo, context, trusted),
  );
  app.use(healthRoutes(health));
  const metricsHere = !metricsSource ? "elsewhere" : config.metricsToken ? "token" : "open";
  app.get("/", landingPage({ explorers: config.graphql.introspection, metrics: metricsHere }));
  if (metricsSource) app.get("/metrics", metricsHandler(metricsSource, services.logger, config.metricsToken));
  if (config.graphql.introspection) app.get("/graphiql", serveGraphiQL);
  for (const route of routes) app[route.method](route.path, route.handler(services));

  const steps = { observe, admit, bodyLimitBytes: config.graphql.bodyLimitBytes, apollo, context, logger: services.logger, trusted };
  const listener = withCors(origins, config.cors.credentials, withGraphQLFastPath(steps, app));
  return { listener: traceRequests(listener, (path) => routeOf(path, featureRoutes)), app, admitsStream };
}
