import { SpanKind, trace } from "@opentelemetry/api";
import { recordFailure } from "../../infra/tracing/spans";
import { contextFrom, storedFormOf, tracer, tracingOn } from "../../infra/tracing/state";
import { type JobRow } from "./job.table";

export interface DispatchTrace {
  /** Each job's BullMQ telemetry metadata (bullmq-otel's form), in the batch's order; undefined for a job outside a trace. */
  metadata: Array<string | undefined>;
  /** Ends the dispatch spans, failed with `error` when the enqueue failed. */
  end(error?: unknown): void;
}

/**
 * With tracing on: a "job dispatch" span for each job, in the trace of the
 * request that started it (its row's trace_context), and the job's BullMQ
 * metadata under that span, so the worker's "process" span continues it.
 * One span per job, not per addBulk: a batch carries jobs of many traces.
 */
export function traceDispatch(batch: readonly JobRow[]): DispatchTrace | undefined {
  if (!tracingOn()) return undefined;
  // The stored context, baggage included, with the dispatch span in it: what the worker continues.
  const traced = batch.map((job) => {
    if (!job.traceContext) return undefined;
    const parent = contextFrom(job.traceContext);
    const span = tracer.startSpan("job dispatch", { kind: SpanKind.PRODUCER, attributes: { "skein.job.id": job.id, "skein.job.kind": job.kind } }, parent);
    return { span, metadata: storedFormOf(trace.setSpan(parent, span)) };
  });
  const spans = traced.map((each) => each?.span);
  const metadata = traced.map((each) => each?.metadata);
  return {
    metadata,
    end: (error) => {
      for (const span of spans) {
        if (!span) continue;
        if (error !== undefined) recordFailure(span, error);
        span.end();
      }
    },
  };
}
