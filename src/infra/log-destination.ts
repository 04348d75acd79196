import pino, { type DestinationStream } from "pino";

/** Characters of log lines (bytes, for ASCII JSON) written at once, at most (unless one line is longer). */
const batchBytes = 16_384;
/**
 * The longest a line waits for its batch to fill, in milliseconds. Under
 * load a batch fills sooner (16 KB is about 80 request lines); a batch per
 * turn of the event loop would cost a write per handful of lines.
 */
const batchWaitMs = 10;

/** Every BatchedLines of the process, written out by one exit listener. */
const open = new Set<{ flush(): void }>();
const flushAll = () => {
  for (const lines of open) lines.flush();
};

/**
 * JSON lines to a file descriptor (stdout), gathered until about batchBytes
 * characters or batchWaitMs after the first, then written together: one
 * write(2) per batch, where pino's destinations cost one per line or two
 * (sonic-boom, which also re-measures its whole buffer on every line when
 * it batches), a tenth of the CPU at a few thousand requests a second.
 * Lines keep their order. A line someone waits for is written at once with
 * `flush` (main.ts's "Skein is serving"); `flush` at shutdown and the
 * process's exit write what is gathered, so no line is lost at SIGTERM.
 * The write is synchronous, as in pino's default destination: a reader that
 * falls behind by more than its pipe holds slows the process down rather
 * than grow its memory.
 */
export class BatchedLines implements DestinationStream {
  private readonly writer: ReturnType<typeof pino.destination>;
  private lines: string[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(fd: number) {
    this.writer = pino.destination({ dest: fd, sync: true });
    if (open.size === 0) process.once("exit", flushAll);
    open.add(this);
  }

  write(line: string): void {
    this.lines.push(line);
    this.bytes += line.length;
    if (this.bytes >= batchBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), batchWaitMs).unref();
  }

  /** Writes the lines gathered so far, then calls `done` (what pino's `logger.flush` calls). */
  flush(done?: () => void): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.lines.length > 0) {
      const batch = this.lines.join("");
      this.lines = [];
      this.bytes = 0;
      this.writer.write(batch);
    }
    done?.();
  }
}
