import { createHash, timingSafeEqual } from "node:crypto";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import Negotiator from "negotiator";
import { type Logger } from "pino";
import { type Metric, type MetricObject, type MetricObjectWithValues, type MetricValue, type OpenMetricsContentType, Registry } from "prom-client";
import { bearerTokenOf } from "./bearer-token";
import { tracingOn } from "./tracing/state";

export interface MetricsText {
  contentType: string;
  body: string;
}

/**
 * What /metrics serves: this process's registry, or in a cluster the sum over
 * its processes. `openMetrics`: tracing is on (so there may be exemplars) and
 * the scraper prefers OpenMetrics, the format that carries them; a source may
 * answer in the Prometheus text format anyway.
 */
export type MetricsSource = (openMetrics: boolean) => Promise<MetricsText>;

export const registrySource =
  (registry: Registry): MetricsSource =>
  async (openMetrics) =>
    openMetrics
      ? { contentType: Registry.OPENMETRICS_CONTENT_TYPE, body: await openMetricsView(registry).metrics() }
      : { contentType: registry.contentType, body: await registry.metrics() };

/** A metric as a registry holds it (prom-client's types leave out its get()). */
type HeldMetric = MetricObject & { get(): Promise<MetricObjectWithValues<MetricValue<string>>> };

/**
 * `registry`'s metrics in an OpenMetrics registry, for one scrape. In that
 * format prom-client's metrics() renames each counter it holds (drops
 * `_total`, which each line then adds back), on the metric itself: the
 * Prometheus text would lose the suffix from then on. So the view holds a
 * stand-in for each metric, and only the stand-in is renamed.
 */
function openMetricsView(registry: Registry): Registry<OpenMetricsContentType> {
  const view = new Registry<OpenMetricsContentType>();
  view.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  for (const metric of registry.getMetricsAsArray() as HeldMetric[]) {
    const standIn = { name: metric.name, type: metric.type, get: async () => ({ ...(await metric.get()), name: standIn.name }) };
    view.registerMetric(standIn as unknown as Metric);
  }
  return view;
}

/** Whether the scraper prefers OpenMetrics to the Prometheus text format (Prometheus does, with scrape_protocols' defaults). */
const prefersOpenMetrics = (req: IncomingMessage): boolean =>
  new Negotiator(req).mediaTypes()[0] === "application/openmetrics-text";

const digest = (text: string): Buffer => createHash("sha256").update(text).digest();

/** Whether `req` carries `Authorization: Bearer <token>`, compared in constant time. */
function hasBearer(req: IncomingMessage, token: string): boolean {
  const presented = bearerTokenOf(req.headers.authorization) ?? "";
  return timingSafeEqual(digest(presented), digest(token));
}

/**
 * A plain node handler, so Express and a bare metrics server can both mount
 * it. With `token` (METRICS_TOKEN), a scrape without that bearer token gets 401.
 */
export function metricsHandler(source: MetricsSource, logger: Logger, token?: string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (token !== undefined && !hasBearer(req, token)) {
      res.writeHead(401, { "content-type": "text/plain", "www-authenticate": 'Bearer realm="metrics"' }).end("a bearer token is required\n");
      return;
    }
    source(tracingOn() && prefersOpenMetrics(req)).then(
      ({ contentType, body }) => {
        res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" }).end(body);
      },
      (error: unknown) => {
        logger.error({ err: error }, "collecting metrics failed");
        res.writeHead(503, { "content-type": "text/plain" }).end("metrics are unavailable\n");
      },
    );
  };
}

export interface MetricsListener {
  /** Stops listening and drops idle keep-alive connections (a scraper's), which would hold it open. */
  close(): Promise<void>;
}

/** A listener for METRICS_PORT that answers /metrics and 404 otherwise; resolves once listening. */
export async function listenForMetrics(port: number, host: string, source: MetricsSource, logger: Logger): Promise<MetricsListener> {
  const handle = metricsHandler(source, logger);
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url?.split("?")[0] === "/metrics") handle(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  return {
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
