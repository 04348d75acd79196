import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { type Logger } from "pino";
import { type Registry } from "prom-client";

export interface MetricsText {
  contentType: string;
  body: string;
}

/** What /metrics serves: this process's registry, or in a cluster the sum over its processes. */
export type MetricsSource = () => Promise<MetricsText>;

export const registrySource =
  (registry: Registry): MetricsSource =>
  async () => ({ contentType: registry.contentType, body: await registry.metrics() });

/** A plain node handler, so Express and a bare metrics server can both mount it. */
export function metricsHandler(source: MetricsSource, logger: Logger) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    source().then(
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

/** A listener for METRICS_PORT that answers /metrics and 404 otherwise; resolves once listening. */
export function listenForMetrics(port: number, host: string, source: MetricsSource, logger: Logger): Promise<Server> {
  const handle = metricsHandler(source, logger);
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url?.split("?")[0] === "/metrics") handle(req, res);
    else res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
