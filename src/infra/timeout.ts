/** Thrown when `withTimeout` gives up; the work itself may still finish later. */
export class TimeoutError extends Error {
  constructor(what: string, readonly timeoutMs: number) {
    super(`${what} timed out after ${timeoutMs} ms`);
    this.name = "TimeoutError";
  }
}

/**
 * `work`, or a TimeoutError once `timeoutMs` has passed. The timer is cleared
 * when `work` settles; until then it keeps the process alive on purpose, so a
 * shutdown step that hangs on nothing still times out instead of the process
 * quietly exiting before the later steps.
 */
export function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, timeoutMs)), timeoutMs);
  });
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
