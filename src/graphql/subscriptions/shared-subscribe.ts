import { type ExecutionResult, createSourceEventStream } from "graphql";
import { type Frame, type OwnedEvent, type SharedExecutionArgs, type SubscriptionFanout } from "./fanout";

/** A subscription's frames, or the result that refused it (NOT_FOUND, FORBIDDEN…) before any event. */
export type SharedSubscription = AsyncIterableIterator<Frame> | ExecutionResult;

/**
 * graphql's `subscribe`, with each event's result taken from the fanout
 * instead of executed per subscriber. The source stream (the resolver's
 * checks, the Redis topic, the version order) stays per subscriber.
 */
export async function subscribeShared(fanout: SubscriptionFanout, args: SharedExecutionArgs): Promise<SharedSubscription> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  return mapEvents(source[Symbol.asyncIterator](), (event) => fanout.frameFor(event as OwnedEvent, args)?.ready);
}

/**
 * `source` through `map`, skipping what maps to undefined. Written as an
 * iterator, not an async generator: `return` must reach the source at once
 * (a client leaving), not after the source's next event.
 */
export function mapEvents<In, Out>(source: AsyncIterator<In>, map: (value: In) => Promise<Out | undefined> | Out | undefined): AsyncIterableIterator<Out> {
  const done = (): IteratorResult<Out> => ({ done: true, value: undefined });
  return {
    async next() {
      for (;;) {
        const step = await source.next();
        if (step.done) return done();
        const value = await map(step.value);
        if (value !== undefined) return { done: false, value };
      }
    },
    async return() {
      await source.return?.();
      return done();
    },
    async throw(error: unknown) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
