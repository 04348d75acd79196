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
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
