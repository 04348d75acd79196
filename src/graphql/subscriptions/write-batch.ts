import { type Socket } from "node:net";
import { type SubscriptionFanout } from "./fanout";

/**
 * Sockets uncorked per turn of the event loop while a batch is flushed:
 * a few milliseconds of system calls, after which events that arrived in
 * the meantime are read and written too (see WriteBatch).
 */
const socketsPerFlushTurn = 1_000;

/**
 * Writes to many sockets, each corked from its first write until the batch
 * reaches it: the events that reach one socket before then leave in one
 * writev. The batch is flushed from the end of the turn (setImmediate), a
 * slice of socketsPerFlushTurn sockets per turn, so an event read between
 * two slices is written to the sockets still waiting in the same system
 * call as the one before, instead of one more per socket (writev to
 * loopback sockets, one per socket and flush, is most of the server's time
 * at 10,000 subscribers), and the event loop is never held for the whole
 * flush. A server running behind makes fewer system calls the further
 * behind it is. skein_subscription_delivery_seconds is observed when a
 * socket's frames have been handed to the kernel.
 */
export class WriteBatch {
  /** Corked sockets in the order of their first write, and when each frame waiting on them was published (epoch ms). */
  private readonly corked = new Map<Socket, number[]>();
  private flushScheduled = false;

  constructor(private readonly fanout: SubscriptionFanout) {}

  /** Writes `frame` (whole WebSocket frames, ws-frame.ts) to `tcp`; it leaves when the batch reaches `tcp`. */
  send(tcp: Socket, frame: Buffer, publishedAt: number | undefined): void {
    let publishedAts = this.corked.get(tcp);
    if (!publishedAts) {
      tcp.cork();
      this.corked.set(tcp, (publishedAts = []));
      this.scheduleFlush();
    }
    tcp.write(frame);
    if (publishedAt !== undefined) publishedAts.push(publishedAt);
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
    for (const [socket, publishedAts] of this.corked) {
      if (left-- === 0) return this.scheduleFlush();
      this.corked.delete(socket);
      socket.uncork();
      for (const publishedAt of publishedAts) this.fanout.delivered(publishedAt, writtenAt);
    }
  }
}
