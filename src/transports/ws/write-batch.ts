import { type Socket } from "node:net";
import WebSocket from "ws";
import { type SubscriptionFanout } from "../../graphql/subscriptions/fanout";
import { type FrameTarget, Outbox } from "./outbox";

/** Close code for a subscriber that stopped reading: its unsent data passed SUBSCRIPTION_BUFFER_MAX_BYTES. */
export const slowSubscriberCloseCode = 4413;

/**
 * Sockets written per turn of the event loop while a batch is flushed:
 * a few milliseconds of system calls, after which events that arrived in
 * the meantime are read and queued too (see WriteBatch).
 */
const socketsPerFlushTurn = 1_000;

export interface WriteBatchOptions {
  fanout: SubscriptionFanout;
  /** A socket whose unsent data passed this is closed with slowSubscriberCloseCode. */
  bufferMaxBytes: number;
}

/**
 * Writes to many sockets, each socket's frames held here from the first
 * until the batch reaches it, then handed to it as one buffer (joined once
 * for the sockets that wait for the same frames: FrameRun): one write
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
  /** One outbox per TCP socket, whichever of its subscriptions asks. */
  private readonly outboxes = new WeakMap<Socket, Outbox>();
  /** Outboxes with frames, in the order of their first frame; the flush has written those before `head`. */
  private queue: Outbox[] = [];
  private head = 0;
  private flushScheduled = false;

  constructor(private readonly options: WriteBatchOptions) {}

  /** The outbox of `tcp`, for its subscriptions to queue frames in. */
  outboxOf({ socket, tcp }: FrameTarget): Outbox {
    let outbox = this.outboxes.get(tcp);
    if (!outbox) this.outboxes.set(tcp, (outbox = new Outbox(socket, tcp)));
    return outbox;
  }

  /** Queues `frame` (whole WebSocket frames); it leaves when the batch reaches `outbox`. */
  send(outbox: Outbox, frame: Buffer, publishedAt: number | undefined): void {
    if (!outbox.queued) {
      outbox.queued = true;
      this.queue.push(outbox);
      this.scheduleFlush();
    }
    // Past the limit the flush closes the socket: holding more for it would only grow the server.
    if (outbox.bytes > this.options.bufferMaxBytes) outbox.overflowed = true;
    else outbox.add(frame, publishedAt);
  }

  /** Writes what waits in `outbox` now, ahead of the batch. */
  flush(outbox: Outbox): void {
    if (outbox.queued) this.write(outbox, Date.now());
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
    const writtenAt = Date.now();
    const end = Math.min(this.queue.length, this.head + socketsPerFlushTurn);
    // An outbox flushed ahead of the batch is no longer queued: nothing to write.
    for (; this.head < end; this.head += 1) if (this.queue[this.head].queued) this.write(this.queue[this.head], writtenAt);
    if (this.head < this.queue.length) return this.scheduleFlush();
    this.queue = [];
    this.head = 0;
  }

  private write(outbox: Outbox, writtenAt: number): void {
    const { socket, tcp } = outbox;
    // A closing socket is skipped: nothing may follow its close frame.
    if (socket.readyState === WebSocket.OPEN) {
      // As if written one by one: the newest frame still goes out while what is held before it is within the limit.
      if (outbox.overflowed || socket.bufferedAmount + outbox.bytesBeforeNewest > this.options.bufferMaxBytes) {
        this.options.fanout.closedSlowSubscriber();
        socket.close(slowSubscriberCloseCode, "Too much unread data");
      } else {
        tcp.write(outbox.frames.joined());
        outbox.frames.eachPublishedAt((publishedAt) => this.options.fanout.delivered(publishedAt, writtenAt));
      }
    }
    outbox.clear();
  }
}
