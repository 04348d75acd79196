import { type ExecutionArgs, type ExecutionResult } from "graphql";
import WebSocket from "ws";
import { type Frame, type SharedExecutionArgs, type SubscriptionFanout } from "./fanout";
import { mapEvents, subscribeShared } from "./shared-subscribe";

/** Close code for a subscriber that stopped reading: its unsent data passed SUBSCRIPTION_BUFFER_MAX_BYTES. */
export const slowSubscriberCloseCode = 4413;

/** Where a graphql-ws subscription's frames go: its socket, under its subscribe message's id. */
export type WsExecutionArgs = SharedExecutionArgs & { socket: WebSocket; id: string };

export interface WsDeliveryOptions {
  fanout: SubscriptionFanout;
  bufferMaxBytes: number;
}

/**
 * useServer's `subscribe`: frames are written straight to the socket, the
 * shared JSON wrapped in the message envelope, so graphql-ws never
 * serializes an event per socket; it sees a stream that yields nothing and
 * sends `complete` when it ends. A socket holding more than bufferMaxBytes
 * unsent is closed with slowSubscriberCloseCode instead of buffering more.
 */
export function wsSubscribe({ fanout, bufferMaxBytes }: WsDeliveryOptions) {
  return async (execArgs: ExecutionArgs): Promise<AsyncIterableIterator<never> | ExecutionResult> => {
    // graphql-ws hands back what onSubscribe returned, typed as graphql's plain arguments.
    const args = execArgs as WsExecutionArgs;
    const frames = await subscribeShared(fanout, args);
    if (!(Symbol.asyncIterator in frames)) return frames;
    const { socket, id } = args;
    const envelope = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
    const write = (frame: Frame): undefined => {
      if (socket.readyState !== WebSocket.OPEN) return;
      if (socket.bufferedAmount > bufferMaxBytes) {
        fanout.closedSlowSubscriber();
        socket.close(slowSubscriberCloseCode, "Too much unread data");
        return;
      }
      socket.send(`${envelope}${frame.json}}`);
      fanout.delivered(frame);
    };
    return mapEvents<Frame, never>(frames, write);
  };
}
