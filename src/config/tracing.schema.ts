import { z } from "zod";
import { optionalFlag, positiveInt } from "./env-values";

/**
 * OpenTelemetry's standard variables, checked here with the rest so a bad
 * value stops the boot with the others; the SDK reads them itself
 * (src/infra/tracing/start.ts) and nothing else in Skein does. No endpoint:
 * no tracing, and the SDK is never loaded.
 */
export const tracingVariables = {
  /** Base URL of an OTLP/HTTP receiver (a collector, Jaeger, Tempo); /v1/traces is added. Unset: tracing off. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  /** http/protobuf (the SDK's default) or http/json. */
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(["http/protobuf", "http/json"]).optional(),
  /** Unset: skein-api for the API, skein-worker for `npm run worker`. */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** Unset: parentbased_always_on. parentbased_traceidratio with OTEL_TRACES_SAMPLER_ARG=0.01 keeps 1% of new traces. */
  OTEL_TRACES_SAMPLER: z
    .enum(["always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"])
    .optional(),
  /** The ratio, 0 to 1, for the traceidratio samplers. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
  /** Batch span processor: milliseconds between exports (SDK default 5000). */
  OTEL_BSP_SCHEDULE_DELAY: positiveInt.optional(),
  /** Milliseconds an export may take (SDK default 30000). */
  OTEL_BSP_EXPORT_TIMEOUT: positiveInt.optional(),
  /** Spans held for export; past it new spans are dropped, never the process slowed (SDK default 2048). */
  OTEL_BSP_MAX_QUEUE_SIZE: positiveInt.optional(),
  /** Spans per export (SDK default 512). */
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: positiveInt.optional(),
  /** "true": no tracing even with an endpoint. */
  OTEL_SDK_DISABLED: optionalFlag,
};
