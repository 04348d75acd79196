import { type Attributes, type Span, SpanKind, SpanStatusCode, context, trace } from "@opentelemetry/api";
import { tracer, tracingOn } from "./state";
import { inUnsampledTrace } from "./unsampled";

export interface SpanOptions {
  kind?: SpanKind;
  /** Built only when tracing is on. */
  attributes?: () => Attributes;
}

/** Marks `span` failed with `error`. */
export function recordFailure(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/**
 * Runs `work` in a span of its own, active for what `work` does (its SQL
 * and Redis spans nest under it). With tracing off, or in a trace the
 * sampler left out, it only calls `work`; a `name` that costs something to
 * make can be a function, called only when the span is made.
 */
export function inSpan<T>(name: string | (() => string), options: SpanOptions, work: () => Promise<T>): Promise<T> {
  if (!tracingOn() || inUnsampledTrace()) return work();
  const span = tracer.startSpan(typeof name === "string" ? name : name(), { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes?.() });
  return context.with(trace.setSpan(context.active(), span), work).then(
    (value) => {
      span.end();
      return value;
    },
    (error: unknown) => {
      recordFailure(span, error);
      span.end();
      throw error;
    },
  );
}
