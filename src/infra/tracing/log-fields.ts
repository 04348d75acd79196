import { TraceFlags, trace } from "@opentelemetry/api";

/** What traceLogFields gives a line outside a sampled span: never written to (see mergeTraceLogFields). */
const noTraceFields: object = Object.freeze({});

/**
 * pino's mixin while tracing is on: a line written inside a span that is
 * exported (sampled) carries its trace_id and span_id, so a log search and a
 * trace meet. A line outside one gets nothing: its trace would not be found.
 * The flag, not isRecording, decides: a line written as a request ends (its
 * "http request" line) comes after its span has ended. The same fields are
 * the exemplar of a request's duration (src/infra/metrics.ts).
 */
export function traceLogFields(): object {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !(spanContext.traceFlags & TraceFlags.SAMPLED)) return noTraceFields;
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/**
 * pino's mixinMergeStrategy for traceLogFields: the line's fields go into the
 * trace fields' new object, as pino's default does, and a line without trace
 * fields is written as it came, with no object made for it.
 */
export function mergeTraceLogFields(mergeObject: object, mixinObject: object): object {
  return mixinObject === noTraceFields ? mergeObject : Object.assign(mixinObject, mergeObject);
}
