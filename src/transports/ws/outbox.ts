import { type Socket } from "node:net";
import type WebSocket from "ws";
import { FrameRun } from "./frame-run";

/** A WebSocket and the TCP socket under it, where whole frames (frame.ts) are written. */
export interface FrameTarget {
  socket: WebSocket;
  tcp: Socket;
}

/**
 * One TCP socket's frames waiting for the batch: made once per socket, its
 * frames a FrameRun shared with the sockets that wait for the same ones, so
 * queueing a frame allocates nothing once another socket has queued it.
 */
export class Outbox {
  /** In the batch's queue. */
  queued = false;
  /** A frame was refused for want of room: the socket must be closed, not written, or it would miss an event. */
  overflowed = false;
  private run = FrameRun.empty;

  constructor(
    readonly socket: WebSocket,
    readonly tcp: Socket,
  ) {}

  add(frame: Buffer, publishedAt: number | undefined): void {
    this.run = this.run.then(frame, publishedAt);
  }

  get bytes(): number {
    return this.run.bytes;
  }

  /** The bytes held before the newest frame. */
  get bytesBeforeNewest(): number {
    return this.run.previous?.bytes ?? 0;
  }

  /** What waits, to write and to tell when its events were published (skein_subscription_delivery_seconds). */
  get frames(): FrameRun {
    return this.run;
  }

  /** Written or dropped: empty again, holding on to no frame. */
  clear(): void {
    this.run = FrameRun.empty;
    this.queued = false;
    this.overflowed = false;
  }
}
