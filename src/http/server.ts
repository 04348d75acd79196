import { type ApolloServer } from "@apollo/server";
import express, { type Express, type RequestHandler } from "express";
import { type Config } from "../config";
import { readAfterHeader } from "../db/read-position";
import { type AppServices, type Context, createContext } from "../graphql/context";
import { wantsEventStream } from "../graphql/sse";
import { type Health } from "../infra/health";
import { type Metrics } from "../infra/metrics";
import { type MetricsSource, metricsHandler } from "../infra/metrics-endpoint";
import { bodyErrorHandler } from "./body-errors";
import { clientIp } from "./client-ip";
import { clientLimitMiddleware } from "./client-limit";
import { serveGraphiQL } from "./graphiql";
import { graphqlRoute } from "./graphql-route";
import { healthRoutes } from "./health-routes";
import { jsonBody } from "./json-body";
import { landingPage } from "./landing-page";
import { observeRequests } from "./observe-requests";
import { assignRequestId } from "./request-id";
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
  /** Subscriptions over Server-Sent Events (src/graphql/sse.ts). */
  subscriptionStream: RequestHandler;
  routes: readonly HttpRoute[];
}

/** GraphQL over SSE takes /graphql/stream and `Accept: text/event-stream`; Apollo the rest. */
const eventStreamOr =
  (stream: RequestHandler): RequestHandler =>
  (req, res, next) =>
    wantsEventStream(req) ? stream(req, res, next) : next();

/** The Express app: GraphQL over HTTP, the offline explorer, health and metrics. */
export function createHttpApp({ config, apollo, services, metrics, health, metricsSource, subscriptionStream, routes }: HttpAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);

  app.use(assignRequestId, observeRequests(metrics, services.logger));
  // First after the request id and metrics: GraphQL is nearly all the traffic,
  // and Express tries every route above a request's own in turn.
  app.use(
    "/graphql",
    clientLimitMiddleware(services.clientLimits, services.tokens),
    eventStreamOr(subscriptionStream),
    jsonBody(config.graphql.bodyLimitBytes),
    bodyErrorHandler,
    graphqlRoute(apollo, async (req, res) => {
      const viewer = await viewerOf(req, services.tokens);
      // Only with replicas is there a replica that could miss the client's last write.
      const readAfter = services.database.hasReplicas ? await services.readPositions.requiredFor(viewer?.id, req.headers[readAfterHeader]) : undefined;
      return createContext(services, {
        requestId: res.locals.requestId,
        viewer,
        clientIp: clientIp(req, req.app),
        originOf: () => `${req.protocol}://${req.host}`,
        readAfter,
      });
    }),
  );
  app.use(healthRoutes(health));
  const metricsHere = !metricsSource ? "elsewhere" : config.metricsToken ? "token" : "open";
  app.get("/", landingPage({ explorers: config.graphql.introspection, metrics: metricsHere }));
  if (metricsSource) app.get("/metrics", metricsHandler(metricsSource, services.logger, config.metricsToken));
  if (config.graphql.introspection) app.get("/graphiql", serveGraphiQL);
  for (const route of routes) app[route.method](route.path, route.handler(services));

  return app;
}
