import { BullMQOtel } from "bullmq-otel";
import { tracingOn } from "./state";

let telemetry: BullMQOtel | undefined;

/**
 * BullMQ's `telemetry` option with tracing on (bullmq-otel): a job carries
 * its producer's trace in its options and the worker's "process" span
 * continues it; each attempt is a new "process" span in that trace.
 * Undefined with tracing off: BullMQ then makes no spans.
 */
export function bullmqTelemetry(): BullMQOtel | undefined {
  if (!tracingOn()) return undefined;
  return (telemetry ??= new BullMQOtel({ tracerName: "bullmq" }));
}
