import { type Context, type Span, type SpanContext, context, createContextKey, trace } from "@opentelemetry/api";

/** The span context unsampledContext took out of a context, for activeSpanContext. */
const unsampledKey = createContextKey("skein.unsampled span context");

/**
 * Whether `traced` belongs to a trace the sampler left out: its span does not
 * record, or unsampledContext took it out. Nothing started under it would
 * be exported, so Skein starts nothing there.
 */
export function inUnsampledTrace(traced: Context = context.active()): boolean {
  const span = trace.getSpan(traced);
  return span ? !span.isRecording() : traced.getValue(unsampledKey) !== undefined;
}

/**
 * Runs `work` with the active span taken out of its context when the sampler
 * left it out (an unsampled request's): the pg and ioredis instrumentations,
 * which need a parent span (requireParentSpan), then make nothing at all for
 * its statements and commands, instead of a non-recording span each. The
 * trace itself is kept beside the context (activeSpanContext), so a job
 * started there still carries its sampling decision. Anything else runs as it came.
 */
export function withoutUnsampledSpan<T>(work: () => T): T {
  const active = context.active();
  const span = trace.getSpan(active);
  if (!span || span.isRecording()) return work();
  return context.with(unsampledContext(active, span), work);
}

/** `traced` without `unsampled`, the span the sampler left out, which is kept beside it for activeSpanContext. */
export function unsampledContext(traced: Context, unsampled: Span): Context {
  return trace.deleteSpan(traced).setValue(unsampledKey, unsampled.spanContext());
}

/** The active span's context, or the one unsampledContext took out of `traced`. */
export function activeSpanContext(traced: Context): SpanContext | undefined {
  return trace.getSpanContext(traced) ?? (traced.getValue(unsampledKey) as SpanContext | undefined);
}
