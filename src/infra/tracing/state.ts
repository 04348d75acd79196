import { type Context, type Link, ROOT_CONTEXT, context, isSpanContextValid, propagation, trace } from "@opentelemetry/api";
import { activeSpanContext } from "./unsampled";

/**
 * Whether this process started the OpenTelemetry SDK (start.ts). Every
 * span Skein makes itself is behind this flag, so with tracing off the
 * request path builds no span, no attributes and no context.
 */
let on = false;

export const tracingOn = (): boolean => on;

/** For start.ts only, once the SDK has started. */
export function markTracingOn(): void {
  on = true;
}

/** Skein's own spans (operations, subscriptions, job delivery, SMTP); the instrumentations make the rest. */
export const tracer = trace.getTracer("skein");

/**
 * The active trace as W3C headers in JSON (traceparent, tracestate,
 * baggage), the form bullmq-otel reads from a job's telemetry metadata;
 * undefined outside a trace. Unsampled traces are kept too, so the
 * sampling decision travels with the job.
 */
export function currentTraceContext(): string | undefined {
  if (!on) return undefined;
  const active = context.active();
  const spanContext = activeSpanContext(active);
  return spanContext && isSpanContextValid(spanContext) ? storedFormOf(trace.setSpanContext(active, spanContext)) : undefined;
}

/** `traced` as W3C headers in JSON: what currentTraceContext returns and contextFrom reads. */
export function storedFormOf(traced: Context): string {
  const carrier: Record<string, string> = Object.create(null);
  propagation.inject(traced, carrier);
  return JSON.stringify(carrier);
}

/** The context a stored currentTraceContext() stands for; the root context for anything else. */
export function contextFrom(stored: string | null | undefined): Context {
  if (!stored) return ROOT_CONTEXT;
  try {
    const carrier: unknown = JSON.parse(stored);
    return typeof carrier === "object" && carrier !== null ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
  } catch {
    return ROOT_CONTEXT;
  }
}

/** A link to the span a stored context names, or none. */
export function linksTo(stored: string | null | undefined): Link[] {
  const spanContext = trace.getSpanContext(contextFrom(stored));
  return spanContext && isSpanContextValid(spanContext) ? [{ context: spanContext }] : [];
}
