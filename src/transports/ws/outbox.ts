import { type Socket } from "node:net";
import type WebSocket from "ws";

/** A WebSocket and the TCP socket under it, where whole frames (frame.ts) are written. */
export interface FrameTarget {
  socket: WebSocket;
  tcp: Socket;
}

/**
 * One TCP socket's frames waiting for the batch, and when each was
 * published (epoch ms): made once per socket, its arrays kept from flush to
 * flush (their slots reused, the frames' emptied), so queueing a frame
 * allocates nothing and looks nothing up.
 */
export class Outbox {
  /** In the batch's queue. */
  queued = false;
  bytes = 0;
  /** A frame was refused for want of room: the socket must be closed, not written, or it would miss an event. */
  overflowed = false;
  private readonly frames: Array<Buffer | undefined> = [];
  private frameCount = 0;
  private readonly publishedAts: number[] = [];
  private publishedTimes = 0;

  constructor(
    readonly socket: WebSocket,
    readonly tcp: Socket,
  ) {}

  add(frame: Buffer, publishedAt: number | undefined): void {
    this.frames[this.frameCount++] = frame;
    this.bytes += frame.length;
    if (publishedAt !== undefined) this.publishedAts[this.publishedTimes++] = publishedAt;
  }

  /** The bytes held before the newest frame. */
  get bytesBeforeNewest(): number {
    return this.bytes - (this.frames[this.frameCount - 1]?.length ?? 0);
  }

  /** The frames as one buffer: the frame itself when there is one. */
  joined(): Buffer {
    if (this.frameCount === 1) return this.frames[0] as Buffer;
    const joined = Buffer.allocUnsafe(this.bytes);
    for (let index = 0, at = 0; index < this.frameCount; index += 1) at += (this.frames[index] as Buffer).copy(joined, at);
    return joined;
  }

  /** How many of the frames have a publication time (skein_subscription_delivery_seconds). */
  get publishedCount(): number {
    return this.publishedTimes;
  }

  /** When the `index`th frame with a publication time was published. */
  publishedAt(index: number): number {
    return this.publishedAts[index];
  }

  /** Written or dropped: empty again, holding on to no frame. */
  clear(): void {
    this.frames.fill(undefined, 0, this.frameCount);
    this.frameCount = 0;
    this.publishedTimes = 0;
    this.bytes = 0;
    this.queued = false;
    this.overflowed = false;
  }
}
