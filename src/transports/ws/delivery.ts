import { type ExecutionArgs, type ExecutionResult, createSourceEventStream } from "graphql";
import { type WebSocketServer } from "ws";
import { type Frame, type OwnedEvent, type SharedExecutionArgs, type ShapedFrame, type SubscriptionFanout } from "../../graphql/subscriptions/fanout";
import { type EventSink, isPushSource } from "../../graphql/subscriptions/push-source";
import { type FrameTarget, type Outbox } from "./outbox";
import { WriteBatch, type WriteBatchOptions } from "./write-batch";
import { refuseCompression, serverTextFrame } from "./frame";
import { traceSubscribe } from "../../graphql/subscriptions/subscribe-span";

/** Where a graphql-ws subscription's frames go: its socket (and the TCP socket under it), under its subscribe message's id. */
export type WsExecutionArgs = SharedExecutionArgs & FrameTarget & { id: string };

/**
 * A frame as graphql-ws's `next` message for one subscription id, encoded
 * and framed as WebSocket bytes once per id: subscribers that share a shape
 * mostly share their id too (clients number their subscriptions from 1), so
 * one event is one Buffer written as it is to thousands of sockets, with no
 * per-socket framing by ws.
 */
const messages = new WeakMap<Frame, Map<string, Buffer>>();

function nextMessage(frame: Frame, id: string): Buffer {
  let byId = messages.get(frame);
  if (!byId) messages.set(frame, (byId = new Map()));
  let message = byId.get(id);
  if (!message) byId.set(id, (message = serverTextFrame(`{"id":${JSON.stringify(id)},"type":"next","payload":${frame.json}}`)));
  return message;
}

/**
 * useServer's `subscribe`, fanning out below graphql-ws: the resolver's
 * source (its checks at subscribe time, its Redis topic, its version order)
 * calls this subscriber synchronously with each event, whose frame is
 * executed once per shape and queued for the socket in a WriteBatch.
 * graphql-ws handles the protocol (subscribe, complete, ping) and sees a
 * stream that yields nothing and ends when the source does, or when the
 * client completes. A socket holding more than bufferMaxBytes unsent is
 * closed with slowSubscriberCloseCode instead of buffering more.
 * The frames go to the TCP socket under ws as whole WebSocket frames: ws
 * writes its own (graphql-ws's messages, pings, the close) to that socket at
 * once, never holding one back while permessage-deflate is off (refused here
 * otherwise, with PerMessageDeflateError), so every frame stays whole; a
 * subscription's queued frames are flushed before graphql-ws completes it.
 */
export function wsSubscribe(options: WriteBatchOptions & { server: WebSocketServer }) {
  refuseCompression(options.server);
  const { fanout } = options;
  const batch = new WriteBatch(options);
  return async (execArgs: ExecutionArgs): Promise<AsyncIterableIterator<never> | ExecutionResult> => {
    // graphql-ws hands back what onSubscribe returned, typed as graphql's plain arguments.
    const args = execArgs as WsExecutionArgs;
    const source = await traceSubscribe("ws", args, async () => createSourceEventStream(args));
    if (!(Symbol.asyncIterator in source)) return source;
    if (!isPushSource(source)) throw new Error("a subscription resolver must return a PushSource (subscriptions/push-source.ts)");
    const subscriber = new SocketSubscriber(args, { fanout, batch });
    const stop = await source.listen(subscriber);
    return subscriber.iterator(stop);
  };
}

/** One graphql-ws subscription: writes its frames in the order its source gave the events, whatever order their executions finish in. */
class SocketSubscriber implements EventSink<unknown> {
  /** Frames waiting for an earlier one's execution; none while executions are synchronous. */
  private backlog: ShapedFrame[] = [];
  /** The source ended while frames were still executing: ends once they are written. */
  private ending?: { error?: unknown };
  private finish!: (error?: unknown) => void;
  private readonly finished = new Promise<unknown>((resolve) => (this.finish = resolve));
  /** Its socket's, shared with the socket's other subscriptions. */
  private readonly outbox: Outbox;

  constructor(
    private readonly args: WsExecutionArgs,
    private readonly out: { fanout: SubscriptionFanout; batch: WriteBatch },
  ) {
    this.outbox = out.batch.outboxOf(args);
  }

  next(event: unknown): void {
    const shaped = this.out.fanout.frameFor(event as OwnedEvent, this.args);
    if (!shaped) return;
    if (this.backlog.length === 0 && shaped.frame) return this.write(shaped.frame);
    this.backlog.push(shaped);
    if (this.backlog.length === 1) shaped.whenSettled(() => this.drain());
  }

  end(error?: unknown): void {
    if (this.backlog.length === 0) this.finish(error);
    else this.ending = { error };
  }

  /** What graphql-ws iterates: nothing, until the source ends (a failure rethrown) or `return` (the client completed or left). */
  iterator(stop: () => Promise<void>): AsyncIterableIterator<never> {
    const done = (): IteratorResult<never> => ({ done: true, value: undefined });
    return {
      next: async () => {
        const error = await this.finished;
        // graphql-ws writes its complete (or error) straight to the socket once this returns: the frames before it go first.
        this.out.batch.flush(this.outbox);
        await stop();
        if (error !== undefined) throw error;
        return done();
      },
      return: async () => {
        await stop();
        this.finish();
        return done();
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  private drain(): void {
    while (this.backlog.length > 0) {
      const { frame, failure } = this.backlog[0];
      if (failure !== undefined) return this.finish(failure);
      if (!frame) return this.backlog[0].whenSettled(() => this.drain());
      this.backlog.shift();
      this.write(frame);
    }
    if (this.ending) this.finish(this.ending.error);
  }

  private write(frame: Frame): void {
    this.out.batch.send(this.outbox, nextMessage(frame, this.args.id), frame.publishedAt);
  }
}
