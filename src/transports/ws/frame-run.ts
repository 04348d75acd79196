/**
 * A sequence of whole frames waiting for one socket, shared by every socket
 * that waits for the same frames in the same order: subscribers of one shape
 * get the same frame Buffers (delivery.ts), so a slice of a thousand
 * sockets mostly holds a handful of distinct runs, each joined into one
 * Buffer once for all of them instead of once per socket.
 * Immutable: adding a frame returns the longer run, found again by the next
 * socket that adds that frame to the same run. A run's longer runs are
 * weakly keyed by their frame, so they go when the event's frames do.
 */
export class FrameRun {
  /** The run that holds nothing: where every outbox starts. */
  static readonly empty = new FrameRun(undefined, undefined, undefined);

  readonly bytes: number;
  private readonly longer = new WeakMap<Buffer, FrameRun>();
  private joinedFrames?: Buffer;

  private constructor(
    readonly previous: FrameRun | undefined,
    readonly frame: Buffer | undefined,
    /** When the frame's event was published (epoch ms); undefined for a subscription's first, current row. */
    readonly publishedAt: number | undefined,
  ) {
    this.bytes = (previous?.bytes ?? 0) + (frame?.length ?? 0);
  }

  /** This run followed by `frame`, published at `publishedAt` (the same for every socket that gets `frame`). */
  then(frame: Buffer, publishedAt: number | undefined): FrameRun {
    let run = this.longer.get(frame);
    if (!run) this.longer.set(frame, (run = new FrameRun(this, frame, publishedAt)));
    return run;
  }

  /** The frames as one buffer: the frame itself when there is one. */
  joined(): Buffer {
    if (!this.frame) return Buffer.alloc(0);
    if (this.previous === FrameRun.empty) return this.frame;
    if (this.joinedFrames) return this.joinedFrames;
    const joined = Buffer.allocUnsafe(this.bytes);
    // Back to front, from the newest frame, which ends the buffer.
    let end = this.bytes - this.frame.copy(joined, this.bytes - this.frame.length);
    for (let run = this.previous; run?.frame; run = run.previous) end -= run.frame.copy(joined, end - run.frame.length);
    return (this.joinedFrames = joined);
  }

  /** Calls `visit` with when each of the run's frames with a publication time was published, newest first. */
  eachPublishedAt(visit: (publishedAt: number) => void): void {
    if (this.publishedAt !== undefined) visit(this.publishedAt);
    for (let run = this.previous; run?.frame; run = run.previous) if (run.publishedAt !== undefined) visit(run.publishedAt);
  }
}
