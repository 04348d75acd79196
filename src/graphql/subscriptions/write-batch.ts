import { type Socket } from "node:net";
import { type SubscriptionFanout } from "./fanout";

/**
 * Writes to many sockets within one turn of the event loop, each socket
 * corked from its first write until the turn ends (setImmediate): the
 * events of one Redis read that reach one socket leave in one writev. A
 * server running behind gets several events per read, so it makes fewer
 * system calls the further behind it is, instead of one per event and
 * socket (what writev cost was most of the server's time at 10,000
 * subscribers). skein_subscription_delivery_seconds is observed when the
 * batch has been handed to the kernel.
 */
export class WriteBatch {
  private readonly corked = new Set<Socket>();
  /** When each frame written in this batch was published (epoch ms). */
  private readonly publishedAts: number[] = [];

  constructor(private readonly fanout: SubscriptionFanout) {}

  /** Writes `frame` (whole WebSocket frames, ws-frame.ts) to `tcp`; it leaves when the batch is flushed. */
  send(tcp: Socket, frame: Buffer, publishedAt: number | undefined): void {
    if (!this.corked.has(tcp)) {
      if (this.corked.size === 0) setImmediate(() => this.flush());
      tcp.cork();
      this.corked.add(tcp);
    }
    tcp.write(frame);
    if (publishedAt !== undefined) this.publishedAts.push(publishedAt);
  }

  private flush(): void {
    for (const socket of this.corked) socket.uncork();
    this.corked.clear();
    const writtenAt = Date.now();
    for (const publishedAt of this.publishedAts) this.fanout.delivered(publishedAt, writtenAt);
    this.publishedAts.length = 0;
  }
}
