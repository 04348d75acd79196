import { type Span, SpanKind, context, trace } from "@opentelemetry/api";
import { type ExecutionArgs } from "graphql";
import { traceContextOf } from "../../infra/tracing/event-trace";
import { contextFrom, linksTo, tracer, tracingOn } from "../../infra/tracing/state";
import { subscriptionAttributes, subscriptionNameOf } from "./subscribe-span";

/**
 * Runs one event's execution for one shape (SubscriptionFanout.execute: one
 * per event and shape, not per socket) in a span of the trace the event was
 * published in, as a child of the publisher's span and linked to it (the
 * messaging conventions' "process" span); `settled` ends it. Tracing off:
 * only runs `execute`.
 */
export function inDeliverySpan<T>(event: object, args: ExecutionArgs, execute: (settled: () => void) => T): T {
  if (!tracingOn()) return execute(noop);
  const published = traceContextOf(event);
  const name = subscriptionNameOf(args);
  const span: Span = tracer.startSpan(
    name ? `subscription ${name} deliver` : "subscription deliver",
    { kind: SpanKind.CONSUMER, links: linksTo(published), attributes: subscriptionAttributes(name) },
    contextFrom(published),
  );
  return context.with(trace.setSpan(contextFrom(published), span), () => execute(() => span.end()));
}

const noop = () => {};
