/** When a benchmark run started (before its first contender started) and when it finished (its report written). */
export interface RunTimes {
  startedAt: string;
  finishedAt: string;
}

/** Reads the clock now, for `startedAt`; the function it returns reads it again, for `finishedAt`. */
export function startRunClock(now: () => Date = () => new Date()): () => RunTimes {
  const startedAt = now().toISOString();
  return () => ({ startedAt, finishedAt: now().toISOString() });
}
