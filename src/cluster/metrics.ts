import cluster, { type Worker } from "node:cluster";
import { type Logger } from "pino";
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue, type Registry, type RegistryContentType } from "prom-client";
import { type MetricsSource, type MetricsText, registrySource } from "../infra/metrics-endpoint";
import { withTimeout } from "../infra/timeout";

/*
 * /metrics in a cluster: the worker that gets the scrape asks the primary,
 * which collects every serving worker's registry over IPC and sums them with
 * prom-client's AggregatorRegistry.aggregate. prom-client's own
 * clusterMetrics() is not used: it waits for every forked worker, so one
 * that is still starting (or was just replaced) would fail the scrape.
 * In OpenMetrics the sum carries exemplars too (keepLatestExemplars).
 */

/** A series' value as a worker sends it: a histogram bucket's carries its exemplar (null while it has none). */
type WorkerValue = MetricValue<string> & { metricName?: string; exemplar?: SeriesExemplar | null };
type WorkerMetrics = MetricObjectWithValues<WorkerValue>[];
interface SeriesExemplar {
  labelSet: Record<string, string>;
  value: number;
  /** Seconds since the epoch. */
  timestamp: number;
}

type Message =
  | { type: "skein:metrics:ask"; requestId: number; openMetrics: boolean }
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
  return (openMetrics) => {
    const requestId = nextId++;
    const answered = new Promise<{ contentType: string; body: string }>((resolve) => waiting.set(requestId, resolve));
    process.send?.({ type: "skein:metrics:ask", requestId, openMetrics } satisfies Message);
    return withTimeout(answered, askTimeoutMs, "the cluster's metrics").finally(() => waiting.delete(requestId));
  };
}

/** In the primary: answers workers' requests for the cluster's metrics. `serving` are the workers listening. */
export function answerMetricsRequests(serving: () => Worker[], logger: Logger): void {
  const collections = new Map<number, (metrics: WorkerMetrics) => void>();
  let nextId = 0;

  async function collect(openMetrics: boolean): Promise<MetricsText> {
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
    const contentType = openMetrics ? AggregatorRegistry.OPENMETRICS_CONTENT_TYPE : AggregatorRegistry.PROMETHEUS_CONTENT_TYPE;
    const sum = AggregatorRegistry.aggregate<RegistryContentType>(parts);
    sum.setContentType(contentType);
    if (openMetrics) await keepLatestExemplars(sum, parts);
    return { contentType, body: await sum.metrics() };
  }

  cluster.on("message", (worker, message: unknown) => {
    if (!isMessage(message)) return;
    if (message.type === "skein:metrics:part") collections.get(message.requestId)?.(message.metrics);
    if (message.type === "skein:metrics:ask") {
      collect(message.openMetrics).then(
        ({ contentType, body }) => {
          const answer: Message = { type: "skein:metrics:answer", requestId: message.requestId, contentType, body };
          if (worker.isConnected()) worker.send(answer);
        },
        // The asking worker times out and answers 503.
        (error: unknown) => logger.error({ err: error }, "summing the workers' metrics failed"),
      );
    }
  });
}

const seriesKey = (value: WorkerValue): string =>
  `${value.metricName ?? ""}${JSON.stringify(Object.entries(value.labels).sort(([a], [b]) => (a < b ? -1 : 1)))}`;

/**
 * aggregate's sum keeps each series' value and labels only: this gives each
 * bucket of the sum back the latest of the workers' exemplars for it. It
 * writes into the values the summed registry hands out, which prom-client's
 * aggregate keeps (each sum wrapped as `get: () => sum`); the cluster's
 * exemplar test fails the day that changes.
 */
async function keepLatestExemplars(sum: Registry<RegistryContentType>, parts: WorkerMetrics[]): Promise<void> {
  const latest = new Map<string, SeriesExemplar>();
  for (const { values } of parts.flat()) {
    for (const value of values) {
      if (!value.exemplar) continue;
      const key = seriesKey(value);
      if ((latest.get(key)?.timestamp ?? -Infinity) < value.exemplar.timestamp) latest.set(key, value.exemplar);
    }
  }
  if (latest.size === 0) return;
  for (const { values } of (await sum.getMetricsAsJSON()) as WorkerMetrics) {
    for (const value of values) value.exemplar = latest.get(seriesKey(value)) ?? value.exemplar;
  }
}
