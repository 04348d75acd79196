import { Repeater } from "@graphql-yoga/subscription";

/** Where a push source's events go, synchronously, as they arrive. */
export interface EventSink<T> {
  next(value: T): void;
  /** No more events: the source finished, or failed with `error`. */
  end(error?: unknown): void;
}

/** Stops a listening source's events; may be called again, and after the source ended. */
export type StopListening = () => Promise<void>;

/**
 * A subscription resolver's event stream that can also be listened to: a
 * transport fanning one event out to thousands of sockets calls each
 * subscriber's sink synchronously, without the promises an async iterator
 * costs per event and subscriber. Iterating it (what graphql-sse and
 * graphql's own `subscribe` do) still works.
 */
export interface PushSource<T> extends AsyncIterable<T> {
  /** Resolves once events flow to `sink`; after `end` (which also unsubscribes), `next` is never called. */
  listen(sink: EventSink<T>): Promise<StopListening>;
}

export const isPushSource = (source: object): source is PushSource<unknown> => typeof (source as Partial<PushSource<unknown>>).listen === "function";

/** `start` subscribes `sink` to the events and resolves to their unsubscribe, once they flow. */
export function pushSource<T>(start: (sink: EventSink<T>) => Promise<() => Promise<void>>): PushSource<T> {
  const listen = async (sink: EventSink<T>): Promise<StopListening> => {
    let open = true;
    let stopping: Promise<void> | undefined;
    const subscribed = start({
      next: (value) => open && sink.next(value),
      end: (error) => {
        if (!open) return;
        sink.end(error);
        void stop();
      },
    });
    // A source that ended unsubscribes itself, even before `subscribed` settled.
    const stop: StopListening = () => {
      open = false;
      return (stopping ??= subscribed.then((unsubscribe) => unsubscribe()));
    };
    await subscribed;
    return stop;
  };
  return {
    listen,
    [Symbol.asyncIterator]: () =>
      new Repeater<T>(async (push, stop) => {
        const stopListening = await listen({ next: (value) => void push(value), end: (error) => void stop(error) });
        await stop;
        await stopListening();
      })[Symbol.asyncIterator](),
  };
}
