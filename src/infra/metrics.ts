import { Counter, Registry, collectDefaultMetrics } from "prom-client";

/**
 * One registry per app instance (tests run several in one process), with
 * every metric the server exports. Names are defined here and nowhere else.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    sqlStatements: new Counter({
      name: "skein_db_statements_total",
      help: "SQL statements sent, by pool (primary or replica).",
      labelNames: ["pool"] as const,
      registers: [registry],
    }),
    replicaFailovers: new Counter({
      name: "skein_db_replica_failovers_total",
      help: "Times a replica could not be reached and its reads went to the primary.",
      registers: [registry],
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
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
