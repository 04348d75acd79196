import cluster, { type Worker } from "node:cluster";
import { type Logger } from "pino";
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue, type Registry } from "prom-client";
import { type MetricsSource, registrySource } from "../infra/metrics-endpoint";
import { withTimeout } from "../infra/timeout";

/*
 * /metrics in a cluster: the worker that gets the scrape asks the primary,
 * which collects every serving worker's registry over IPC and sums them with
 * prom-client's AggregatorRegistry.aggregate. prom-client's own
 * clusterMetrics() is not used: it waits for every forked worker, so one
 * that is still starting (or was just replaced) would fail the scrape.
 * The sum is answered in the Prometheus text format whatever the scraper
 * prefers: aggregate keeps each series' value and labels only, so the
 * workers' exemplars (trace ids on skein_http_request_duration_seconds)
 * do not reach it.
 */

type WorkerMetrics = MetricObjectWithValues<MetricValue<string>>[];

type Message =
  | { type: "skein:metrics:ask"; requestId: number }
  | { type: "skein:metrics:answer"; requestId: number; contentType: string; body: string }
  | { type: "skein:metrics:collect"; requestId: number }
  | { type: "skein:metrics:part"; requestId: number; metrics: WorkerMetrics };

const isMessage = (value: unknown): value is Message =>
  typeof value === "object" && value !== null && String((value as { type?: unknown }).type).startsWith("skein:metrics:");

/** A worker waits this long for the primary's sum before the scrape fails (503). */
const askTimeoutMs = 4_000;
/** The primary sums whatever workers answered within this; a stuck worker must not fail every scrape. */
const collectTimeoutMs = 2_000;

/** This process's /metrics source: its own registry, or in a cluster worker the cluster's sum. */
export function metricsSourceFor(registry: Registry): MetricsSource {
  if (!cluster.isWorker) return registrySource(registry);
  const waiting = new Map<number, (answer: { contentType: string; body: string }) => void>();
  let nextId = 0;
  process.on("message", (message: unknown) => {
    if (!isMessage(message)) return;
    if (message.type === "skein:metrics:collect") {
      void registry.getMetricsAsJSON().then((metrics) => process.send?.({ type: "skein:metrics:part", requestId: message.requestId, metrics }));
    } else if (message.type === "skein:metrics:answer") {
      waiting.get(message.requestId)?.(message);
    }
  });
  return () => {
    const requestId = nextId++;
    const answered = new Promise<{ contentType: string; body: string }>((resolve) => waiting.set(requestId, resolve));
    process.send?.({ type: "skein:metrics:ask", requestId } satisfies Message);
    return withTimeout(answered, askTimeoutMs, "the cluster's metrics").finally(() => waiting.delete(requestId));
  };
}

/** In the primary: answers workers' requests for the cluster's metrics. `serving` are the workers listening. */
export function answerMetricsRequests(serving: () => Worker[], logger: Logger): void {
  const collections = new Map<number, (metrics: WorkerMetrics) => void>();
  let nextId = 0;

  async function collect(): Promise<string> {
    const requestId = nextId++;
    const workers = serving().filter((worker) => worker.isConnected());
    const parts: WorkerMetrics[] = [];
    await withTimeout(
      new Promise<void>((resolve) => {
        collections.set(requestId, (metrics) => {
          if (parts.push(metrics) === workers.length) resolve();
        });
        if (workers.length === 0) resolve();
        for (const worker of workers) worker.send({ type: "skein:metrics:collect", requestId } satisfies Message);
      }),
      collectTimeoutMs,
      "collecting workers' metrics",
    ).catch(() => undefined); // Sum the workers that answered.
    collections.delete(requestId);
    return AggregatorRegistry.aggregate(parts).metrics();
  }

  cluster.on("message", (worker, message: unknown) => {
    if (!isMessage(message)) return;
    if (message.type === "skein:metrics:part") collections.get(message.requestId)?.(message.metrics);
    if (message.type === "skein:metrics:ask") {
      collect().then(
        (body) => {
          const answer: Message = { type: "skein:metrics:answer", requestId: message.requestId, contentType: AggregatorRegistry.PROMETHEUS_CONTENT_TYPE, body };
          if (worker.isConnected()) worker.send(answer);
        },
        // The asking worker times out and answers 503.
        (error: unknown) => logger.error({ err: error }, "summing the workers' metrics failed"),
      );
    }
  });
}
