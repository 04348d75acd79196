import { Gauge, type Registry } from "prom-client";

/** The email feature's metrics, on the process's registry (FeatureModule.metrics). */
export const defineEmailMetrics = (registry: Registry) => ({
  smtpCircuitOpen: new Gauge({
    name: "skein_smtp_circuit_open",
    help: "1 while the SMTP circuit breaker is open (sends refused so jobs wait), else 0.",
    // Every process sees the one provider: the worst view counts.
    aggregator: "max",
    registers: [registry],
  }),
});

export type EmailMetrics = ReturnType<typeof defineEmailMetrics>;
