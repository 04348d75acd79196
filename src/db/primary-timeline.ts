/**
 * The WAL timeline of the primary as this process's primary connections
 * found it. A promotion starts a new timeline: a connection that finds a
 * higher one than before reached a promoted server behind the primary's
 * address, and what the old primary took after its standby stopped
 * following it is gone (job starts and completions among it). Listeners
 * hear each change once; the first timeline seen is no change.
 */
export class PrimaryTimeline {
  private current: number | undefined;
  private readonly listeners = new Set<(timeline: number) => void>();

  seen(timeline: number): void {
    const before = this.current;
    if (before !== undefined && timeline <= before) return;
    this.current = timeline;
    if (before === undefined) return;
    for (const listener of this.listeners) listener(timeline);
  }

  /** Returns what stops it. */
  onChange(listener: (timeline: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
