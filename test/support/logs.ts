import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";

export type LogLine = Record<string, unknown> & { msg?: string; requestId?: string; pid?: number; step?: string };

/**
 * A server's JSON log lines, kept as they are written: pass `stream` as
 * startTestServer's `logTo`.
 */
export function captureLogs() {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write: (chunk, _encoding, done) => {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const count = (message: string): number => lines.filter((line) => line.msg === message).length;
  /**
   * Some lines come from work that outlives the response (a Redis reconnect
   * attempt, say): waits up to `timeoutMs` for one; the caller asserts.
   */
  const waitFor = async (predicate: (line: LogLine) => boolean, timeoutMs = 5_000): Promise<void> => {
    for (const deadline = Date.now() + timeoutMs; !lines.some(predicate) && Date.now() < deadline; ) await sleep(25);
  };
  return { stream, lines, count, waitFor };
}
