import { ROOT_CONTEXT, SpanKind, propagation, trace } from "@opentelemetry/api";
import { recordFailure } from "../../infra/tracing/spans";
import { contextFrom, tracer, tracingOn } from "../../infra/tracing/state";
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
  const spans = batch.map((job) =>
    job.traceContext
      ? tracer.startSpan("job dispatch", { kind: SpanKind.PRODUCER, attributes: { "skein.job.id": job.id, "skein.job.kind": job.kind } }, contextFrom(job.traceContext))
      : undefined,
  );
  const metadata = spans.map((span) => {
    if (!span) return undefined;
    const carrier: Record<string, string> = Object.create(null);
    propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
    return JSON.stringify(carrier);
  });
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
