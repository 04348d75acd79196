import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

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
    smtpCircuitOpen: new Gauge({
      name: "skein_smtp_circuit_open",
      help: "1 while the SMTP circuit breaker is open (sends refused so jobs wait), else 0.",
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
