import { type IncomingMessage, type ServerResponse } from "node:http";
import { type RequestHandler } from "express";
import { type Logger } from "pino";
import { requestLineLogger } from "../../infra/logger";
import { type Metrics } from "../../infra/metrics";

/** Route labels: anything else is "other", so request paths cannot grow the metrics without bound. */
const knownRoutes = new Set(["/graphql", "/graphiql", "/metrics", "/healthz", "/readyz"]);

/** A route a feature declares, labelled by its pattern: every path under `prefix` counts as `label`. */
export interface RouteLabel {
  prefix: string;
  label: string;
}

/** A feature's route as a label: `/reports/:id` covers what starts `/reports/`, `/admin/queues` (a mount) what starts with it. */
export const routeLabelOf = ({ path }: { path: string }): RouteLabel => ({ prefix: path.split(":")[0], label: path });

/** The route `path` is served by: one of Skein's own, or a feature's label; undefined for any other path. */
export const routeOf = (path: string, featureRoutes: readonly RouteLabel[]): string | undefined =>
  knownRoutes.has(path) ? path : featureRoutes.find(({ prefix }) => path.startsWith(prefix))?.label;
/** What probes and scrapers ask for every few seconds: logged at debug and never traced, so they do not drown the rest. */
export const probeRoutes: ReadonlySet<string> = new Set(["/metrics", "/healthz", "/readyz"]);

/** Status recorded for a response the client gave up on before it was sent (nginx's convention). */
const clientClosedRequest = 499;

/** Counts, times and logs one request once it ends: `path` is its path as received, `requestId` its id. */
export type ObserveRequest = (req: IncomingMessage, res: ServerResponse, path: string, requestId: string) => void;

/**
 * The observer both ways in share (the GraphQL fast path and Express): one
 * metric series and one log line per request. `featureRoutes`: the labels
 * of the routes the features declare (routeLabelOf).
 */
export function requestObserver(metrics: Metrics, logger: Logger, featureRoutes: readonly RouteLabel[]): ObserveRequest {
  const lines = requestLineLogger(logger);
  return (req, res, path, requestId) => {
    const startedAt = performance.now();
    const route = routeOf(path, featureRoutes) ?? "other";
    metrics.httpRequestsInFlight.inc();
    // "close" comes after "finish", and also when the client leaves first.
    res.once("close", () => {
      const seconds = (performance.now() - startedAt) / 1_000;
      const status = res.writableFinished ? res.statusCode : clientClosedRequest;
      metrics.httpRequestsInFlight.dec();
      metrics.httpRequests.inc({ method: req.method, route, status });
      metrics.observeHttpRequestDuration({ method: req.method, route }, seconds);
      const level = status >= 500 ? "warn" : probeRoutes.has(route) ? "debug" : "info";
      lines[level]({ requestId, method: req.method, path, status, durationMs: Math.round(seconds * 1_000) }, "http request");
    });
  };
}

/**
 * Counts, times and logs every request Express serves once it ends, with its
 * request id (so it must come after `assignRequestId`).
 */
export function observeRequests(observe: ObserveRequest): RequestHandler {
  return (req, res, next) => {
    // Read now: a mounted router (app.use("/graphql")) rewrites req.path while it runs.
    observe(req, res, req.path, res.locals.requestId);
    next();
  };
}
