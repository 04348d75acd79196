import { isSpanContextValid, trace } from "@opentelemetry/api";

/**
 * pino's mixin while tracing is on: a line written inside a span carries
 * its trace_id and span_id, so a log search and a trace meet. A new object
 * each time: pino merges the line's fields into it.
 */
export function traceLogFields(): object {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
