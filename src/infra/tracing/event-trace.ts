/**
 * The trace an event was published in (currentTraceContext's form), kept
 * beside the event object like its publishedAt: delivery links its span to it.
 */
const traceContexts = new WeakMap<object, string>();

export function stampTraceContext<Event extends object>(event: Event, traceContext: string | undefined): Event {
  if (traceContext) traceContexts.set(event, traceContext);
  return event;
}

export const traceContextOf = (event: object): string | undefined => traceContexts.get(event);
