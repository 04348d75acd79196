import { type RequestHandler } from "express";
import { type Logger } from "pino";
import { requestLineLogger } from "../infra/logger";
import { type Metrics } from "../infra/metrics";

/** Route labels: anything else is "other", so request paths cannot grow the metrics without bound. */
const knownRoutes = new Set(["/graphql", "/graphiql", "/metrics", "/healthz", "/readyz"]);
/** Routes with parameters or sub-paths, labelled by their pattern. */
const routePrefixes = [
  { prefix: "/reports/", label: "/reports/:id" },
  { prefix: "/admin/queues", label: "/admin/queues" },
];

const routeLabel = (path: string): string =>
  knownRoutes.has(path) ? path : (routePrefixes.find(({ prefix }) => path.startsWith(prefix))?.label ?? "other");
/** Probed every few seconds: logged at debug so they do not drown the rest. */
const quietRoutes = new Set(["/metrics", "/healthz", "/readyz"]);

/** Status recorded for a response the client gave up on before it was sent (nginx's convention). */
const clientClosedRequest = 499;

/**
 * Counts, times and logs every HTTP request once it ends, with its request id
 * (so it must come after `assignRequestId`).
 */
export function observeRequests(metrics: Metrics, logger: Logger): RequestHandler {
  const lines = requestLineLogger(logger);
  return (req, res, next) => {
    const startedAt = performance.now();
    // Read now: a mounted router (app.use("/graphql")) rewrites req.path while it runs.
    const path = req.path;
    const route = routeLabel(path);
    metrics.httpRequestsInFlight.inc();
    // "close" comes after "finish", and also when the client leaves first.
    res.once("close", () => {
      const seconds = (performance.now() - startedAt) / 1_000;
      const status = res.writableFinished ? res.statusCode : clientClosedRequest;
      metrics.httpRequestsInFlight.dec();
      metrics.httpRequests.inc({ method: req.method, route, status });
      metrics.httpRequestDuration.observe({ method: req.method, route }, seconds);
      const level = status >= 500 ? "warn" : quietRoutes.has(route) ? "debug" : "info";
      lines[level](
        { requestId: res.locals.requestId, method: req.method, path, status, durationMs: Math.round(seconds * 1_000) },
        "http request",
      );
    });
    next();
  };
}
