import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { traceLogFields } from "./tracing/log-fields";
import { tracingOn } from "./tracing/state";

/**
 * What features add to the metrics, each under its own name, by declaration
 * merging from its folder (as in src/modules/email/index.ts): the core names none.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the features
export interface FeatureMetrics {}

/** A feature's metrics, defined on the process's registry (its module object's `metrics`). */
export type DefineMetrics = (registry: Registry) => Partial<FeatureMetrics>;

/** What a pg.Pool reports about its clients; read at scrape time. */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** The caches each process keeps in its heap, bounded, whose size it reports (skein_memory_cache_*). */
export type MemoryCacheName = "compiled_operations" | "subscription_checks";

/** What a bounded in-process cache reports; read at scrape time. */
export interface CacheSize {
  readonly size: number;
  /** Estimated bytes held, for a cache bounded in bytes. */
  readonly weight?: number;
}

/** Seconds: from a cache hit (~1 ms) to a request near the statement timeout. */
const latencyBucketsSeconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * One registry per app instance (tests run several in one process), with
 * every metric the API exports: the core's, defined here, and those of
 * `features` (each one's `metrics`, defined in its folder; without
 * `features`, the core's only). The job metrics are the jobs feature's
 * (job.metrics.ts). With --workers N, /metrics sums the processes' values
 * (src/cluster/metrics.ts): right for what each process holds (clients,
 * connections, requests), wrong for what they all observe of one shared
 * thing (a replica's lag, the SMTP circuit), which names an `aggregator`
 * instead: the worst process's view.
 */
export function createMetrics(features: ReadonlyArray<{ metrics?: DefineMetrics }> = []): Metrics {
  const core = createCoreMetrics();
  return Object.assign(core, ...features.map((feature) => feature.metrics?.(core.registry)));
}

function createCoreMetrics() {
  const registry = new Registry();
  // Includes nodejs_eventloop_lag_seconds and its percentiles.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const pools: Array<{ role: string; pool: PoolCounts }> = [];
  const caches: Array<{ name: MemoryCacheName; cache: CacheSize }> = [];
  const dependencyChecks: Array<() => Promise<unknown>> = [];
  return {
    registry,
    sqlStatements: new Counter({
      name: "skein_db_statements_total",
      help: "SQL statements sent, by pool (primary or replica).",
      labelNames: ["pool"] as const,
      registers,
    }),
    dbPoolClients: new Gauge({
      name: "skein_db_pool_clients",
      help: "Database clients per pool: total open, idle, and requests waiting for one.",
      labelNames: ["pool", "state"] as const,
      registers,
      collect() {
        this.reset();
        for (const { role, pool } of pools) {
          this.inc({ pool: role, state: "total" }, pool.totalCount);
          this.inc({ pool: role, state: "idle" }, pool.idleCount);
          this.inc({ pool: role, state: "waiting" }, pool.waitingCount);
        }
      },
    }),
    /** Reports a pool's clients in skein_db_pool_clients; replicas add up under one label. */
    observePool(role: string, pool: PoolCounts): void {
      pools.push({ role, pool });
    },
    memoryCacheEntries: new Gauge({
      name: "skein_memory_cache_entries",
      help: "Entries held by a bounded in-process cache (compiled operations, subscription checks), per process.",
      labelNames: ["cache"] as const,
      registers,
      collect() {
        this.reset();
        for (const { name, cache } of caches) this.inc({ cache: name }, cache.size);
      },
    }),
    memoryCacheBytes: new Gauge({
      name: "skein_memory_cache_bytes",
      help: "Estimated bytes held by an in-process cache bounded in bytes (subscription checks), per process.",
      labelNames: ["cache"] as const,
      registers,
      collect() {
        this.reset();
        for (const { name, cache } of caches) if (cache.weight !== undefined) this.inc({ cache: name }, cache.weight);
      },
    }),
    /** Reports a cache's size in skein_memory_cache_*; caches of one name (WebSocket's and SSE's checks) add up. */
    observeCache(name: MemoryCacheName, cache: CacheSize): void {
      caches.push({ name, cache });
    },
    httpRequests: new Counter({
      name: "skein_http_requests_total",
      help: "HTTP requests answered, by method, route and status code.",
      labelNames: ["method", "route", "status"] as const,
      registers,
    }),
    /** Times a request in skein_http_request_duration_seconds; call it in the request's context (its span active). */
    observeHttpRequestDuration: requestDurationObserver(registry),
    httpRequestsInFlight: new Gauge({
      name: "skein_http_requests_in_flight",
      help: "HTTP requests received and not yet answered.",
      registers,
    }),
    graphqlOperations: new Counter({
      name: "skein_graphql_operations_total",
      help: "GraphQL operations, by operation name, type and outcome (success, error, rejected).",
      labelNames: ["operation", "type", "outcome"] as const,
      registers,
    }),
    graphqlOperationDuration: new Histogram({
      name: "skein_graphql_operation_duration_seconds",
      help: "Time to answer a GraphQL operation, by operation name, type and outcome.",
      labelNames: ["operation", "type", "outcome"] as const,
      buckets: latencyBucketsSeconds,
      registers,
    }),
    graphqlExecutions: new Counter({
      name: "skein_graphql_executions_total",
      help: "GraphQL operations executed for HTTP requests, by executor: jit (the operation's compiled query) or graphql-js (what graphql-jit cannot compile or would answer differently).",
      labelNames: ["executor"] as const,
      registers,
    }),
    graphqlResultsWritten: new Counter({
      name: "skein_graphql_results_written_total",
      help: "GraphQL results written for HTTP requests, by writer: compiled (the JSON writer compiled with the operation) or generic (JSON.stringify: errors, custom scalars, graphql-js results).",
      labelNames: ["writer"] as const,
      registers,
    }),
    graphqlResolverErrors: new Counter({
      name: "skein_graphql_resolver_errors_total",
      help: "Errors raised while resolving fields, by contract error code.",
      labelNames: ["code"] as const,
      registers,
    }),
    wsConnections: new Gauge({
      name: "skein_ws_connections",
      help: "Open WebSocket connections.",
      registers,
    }),
    graphqlSubscriptionsActive: new Gauge({
      name: "skein_graphql_subscriptions_active",
      help: "GraphQL subscriptions running over WebSocket or Server-Sent Events.",
      registers,
    }),
    subscriptionExecutions: new Counter({
      name: "skein_subscription_executions_total",
      help: "Executions of a subscription event's selection: one per event and distinct shape (document, variables, viewer class), however many subscribers share it.",
      registers,
    }),
    subscriptionDelivery: new Histogram({
      name: "skein_subscription_delivery_seconds",
      help: "Time from a job event's publication to its write to a subscriber's socket or stream.",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    subscriptionSlowCloses: new Counter({
      name: "skein_subscription_slow_closes_total",
      help: "Subscribers closed because they stopped reading (unsent data over SUBSCRIPTION_BUFFER_MAX_BYTES).",
      registers,
    }),
    replicaFailovers: new Counter({
      name: "skein_db_replica_failovers_total",
      help: "Times a replica could not be reached and its reads went to the primary.",
      registers: [registry],
    }),
    readAfterClamped: new Counter({
      name: "skein_db_read_after_clamped_total",
      help: "X-Read-After positions past the primary's WAL head, read as that head (no client can have seen a later one).",
      registers,
    }),
    replicaLagSeconds: new Gauge({
      name: "skein_db_replica_lag_seconds",
      help: "How long ago the primary's WAL moved past the replica's replay position (0: caught up).",
      labelNames: ["replica"] as const,
      aggregator: "max",
      registers,
    }),
    replicaLagBytes: new Gauge({
      name: "skein_db_replica_lag_bytes",
      help: "WAL bytes the replica has yet to replay.",
      labelNames: ["replica"] as const,
      aggregator: "max",
      registers,
    }),
    replicaInRotation: new Gauge({
      name: "skein_db_replica_in_rotation",
      help: "1 while the replica answers and lags at most REPLICA_MAX_LAG_MS, so it takes reads; else 0.",
      labelNames: ["replica"] as const,
      aggregator: "min",
      registers,
    }),
    cacheReads: new Counter({
      name: "skein_cache_reads_total",
      help: "Reads of a Redis cache, by cache and result (hit, miss, bypass while Redis is down).",
      labelNames: ["cache", "result"] as const,
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: "skein_rate_limited_total",
      help: "Requests refused by a rate limit, by limit (a field name, or client for the whole endpoint).",
      labelNames: ["limit"] as const,
      registers: [registry],
    }),
    dependencyDown: new Gauge({
      name: "skein_dependency_down",
      help: "1 while a dependency (primary, replicas, redis) did not answer the last readiness check (a /readyz probe or this scrape); Redis down leaves the instance ready, degraded.",
      labelNames: ["dependency"] as const,
      aggregator: "max",
      registers,
      // Checked at each scrape too: where nothing probes /readyz (Compose), the gauge would never move.
      async collect() {
        await Promise.all(dependencyChecks.map((check) => check()));
      },
    }),
    /** Has each scrape run `check` (Health's readiness), which sets skein_dependency_down. */
    observeDependencies(check: () => Promise<unknown>): void {
      dependencyChecks.push(check);
    },
  };
}

/**
 * skein_http_request_duration_seconds. With tracing on, each bucket keeps an
 * exemplar, the trace_id and span_id of its latest sampled request (an
 * unsampled one leaves it as it was), which /metrics shows in OpenMetrics
 * only (metrics-endpoint.ts). prom-client refuses exemplars on a metric built
 * with a Prometheus-format registry, so that histogram is built unregistered
 * and then registered: the Prometheus text format leaves exemplars out.
 */
function requestDurationObserver(registry: Registry): (labels: { method?: string; route: string }, seconds: number) => void {
  const exemplars = tracingOn();
  const histogram = new Histogram({
    name: "skein_http_request_duration_seconds",
    help: "Time from an HTTP request's arrival to its response's end.",
    labelNames: ["method", "route"] as const,
    buckets: latencyBucketsSeconds,
    enableExemplars: exemplars,
    registers: exemplars ? [] : [registry],
  });
  if (!exemplars) return (labels, seconds) => histogram.observe(labels, seconds);
  registry.registerMetric(histogram);
  return (labels, value) => histogram.observe({ labels, value, exemplarLabels: traceLogFields() });
}

export type Metrics = ReturnType<typeof createCoreMetrics> & FeatureMetrics;
