/**
 * When an event left its publisher (epoch ms), kept beside the event object
 * rather than in it, so the event stays the row it carries. Delivery reads
 * it for skein_subscription_delivery_seconds.
 */
const publishedAt = new WeakMap<object, number>();

export function stampPublishedAt<Event extends object>(event: Event, at: number): Event {
  publishedAt.set(event, at);
  return event;
}

export const publishedAtOf = (event: object): number | undefined => publishedAt.get(event);
