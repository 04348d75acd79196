import { type Socket } from "node:net";
import WebSocket from "ws";
import { type SubscriptionFanout } from "./fanout";

/** Close code for a subscriber that stopped reading: its unsent data passed SUBSCRIPTION_BUFFER_MAX_BYTES. */
export const slowSubscriberCloseCode = 4413;

/**
 * Sockets written per turn of the event loop while a batch is flushed:
 * a few milliseconds of system calls, after which events that arrived in
 * the meantime are read and queued too (see WriteBatch).
 */
const socketsPerFlushTurn = 1_000;

/** A WebSocket and the TCP socket under it, where whole frames (ws-frame.ts) are written. */
export interface FrameTarget {
  socket: WebSocket;
  tcp: Socket;
}

/** The frames waiting for the batch to reach one TCP socket, and when each was published (epoch ms). */
interface Pending {
  target: FrameTarget;
  frames: Buffer[];
  bytes: number;
  publishedAts: number[];
}

export interface WriteBatchOptions {
  fanout: SubscriptionFanout;
  /** A socket whose unsent data passed this is closed with slowSubscriberCloseCode. */
  bufferMaxBytes: number;
}

/**
 * Writes to many sockets, each socket's frames held here from the first
 * until the batch reaches it, then handed to it as one buffer: one write
 * and one system call, without Node's per-chunk queue (cork, write per
 * frame, uncork cost more than the system call at 10,000 sockets). The
 * batch is flushed from the end of the turn (setImmediate), a slice of
 * socketsPerFlushTurn sockets per turn, so an event read between two slices
 * leaves with the one before on the sockets still waiting, and the event
 * loop is never held for the whole flush: a server running behind makes
 * fewer system calls the further behind it is.
 * A socket that is no longer open when the batch reaches it is skipped (it
 * is closing: nothing may follow its close frame); one whose unsent data
 * (Node's and ws's buffers, and what waits here) passed bufferMaxBytes is
 * closed instead. skein_subscription_delivery_seconds is observed when a
 * socket's frames have been handed to the kernel.
 * Anything ws writes to the socket itself goes at once, before what waits
 * here: call `flush` first where that order matters (graphql-ws's complete
 * after a subscription's last frame).
 */
export class WriteBatch {
  /** TCP sockets with frames waiting, in the order of their first frame. */
  private readonly pending = new Map<Socket, Pending>();
  private flushScheduled = false;

  constructor(private readonly options: WriteBatchOptions) {}

  /** Queues `frame` (whole WebSocket frames) for `target`; it leaves when the batch reaches its socket. */
  send(target: FrameTarget, frame: Buffer, publishedAt: number | undefined): void {
    let pending = this.pending.get(target.tcp);
    if (!pending) {
      this.pending.set(target.tcp, (pending = { target, frames: [], bytes: 0, publishedAts: [] }));
      this.scheduleFlush();
    }
    // Past the limit the flush closes the socket: holding more for it would only grow the server.
    if (pending.bytes > this.options.bufferMaxBytes) return;
    pending.frames.push(frame);
    pending.bytes += frame.length;
    if (publishedAt !== undefined) pending.publishedAts.push(publishedAt);
  }

  /** Writes what waits for `tcp` now, ahead of the batch. */
  flush(tcp: Socket): void {
    const pending = this.pending.get(tcp);
    if (!pending) return;
    this.pending.delete(tcp);
    this.write(pending, Date.now());
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flushSlice();
    });
  }

  private flushSlice(): void {
    let left = socketsPerFlushTurn;
    const writtenAt = Date.now();
    for (const [tcp, pending] of this.pending) {
      if (left-- === 0) return this.scheduleFlush();
      this.pending.delete(tcp);
      this.write(pending, writtenAt);
    }
  }

  private write({ target: { socket, tcp }, frames, bytes, publishedAts }: Pending, writtenAt: number): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    // As if written one by one: the newest frame still goes out while what is held before it is within the limit.
    if (socket.bufferedAmount + bytes - frames[frames.length - 1].length > this.options.bufferMaxBytes) {
      this.options.fanout.closedSlowSubscriber();
      socket.close(slowSubscriberCloseCode, "Too much unread data");
      return;
    }
    tcp.write(frames.length === 1 ? frames[0] : Buffer.concat(frames, bytes));
    for (const publishedAt of publishedAts) this.options.fanout.delivered(publishedAt, writtenAt);
  }
}
