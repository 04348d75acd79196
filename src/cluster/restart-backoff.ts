/** A process that ran at least this long before dying is replaced at once. */
const stableLifetimeMs = 10_000;
/** Delays for processes that keep dying young: 250 ms, doubling, capped at 30 s. */
const firstDelayMs = 250;
const maxDelayMs = 30_000;

/**
 * How long to wait before replacing a dead process, so a crash loop (a bad
 * deploy, a database that refuses connections) does not spin the CPU.
 */
export class RestartBackoff {
  private youngDeaths = 0;

  delayMsAfter(lifetimeMs: number): number {
    if (lifetimeMs >= stableLifetimeMs) this.youngDeaths = 0;
    const delayMs = this.youngDeaths === 0 ? 0 : Math.min(maxDelayMs, firstDelayMs * 2 ** (this.youngDeaths - 1));
    this.youngDeaths += 1;
    return delayMs;
  }
}
