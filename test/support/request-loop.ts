/** One request's outcome and when it finished (Date.now()). */
export interface Outcome {
  at: number;
  ok: boolean;
}

/**
 * Sends requests back to back on `concurrency` loops until `stop`, keeping
 * each outcome: what a failover test measures clients saw through it.
 * `send(n)` resolves true for a success; a throw counts as a failure.
 */
export class RequestLoop {
  readonly outcomes: Outcome[] = [];
  private running = true;
  private sent = 0;
  private readonly loops: Array<Promise<void>>;

  constructor(send: (n: number) => Promise<boolean>, concurrency: number) {
    this.loops = Array.from({ length: concurrency }, async () => {
      while (this.running) {
        const ok = await send(this.sent++).catch(() => false);
        this.outcomes.push({ at: Date.now(), ok });
        // A refused connection fails at once: without a pause a loop would spin.
        if (!ok) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  get failures(): number {
    return this.outcomes.filter((outcome) => !outcome.ok).length;
  }

  get successes(): number {
    return this.outcomes.length - this.failures;
  }

  /** From the first failed request to the last one (0 when none failed). */
  get failedWindowMs(): number {
    const failed = this.outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.at);
    return failed.length === 0 ? 0 : Math.max(...failed) - Math.min(...failed);
  }

  /** How long after `since` the first request that finished after it succeeded; undefined if none did. */
  firstSuccessAfter(since: number): number | undefined {
    const first = this.outcomes.find((outcome) => outcome.ok && outcome.at >= since);
    return first && first.at - since;
  }
}
