import { withTimeout } from "./timeout";

/** Resolves when a dependency answers; rejects (with a reason) when it does not. */
export type ReadinessCheck = () => Promise<unknown>;

export interface Readiness {
  ready: boolean;
  /** Why the process is not ready; absent when it is. */
  reason?: string;
  /** Each dependency: "ok" or what went wrong. Absent while shutting down. */
  checks?: Record<string, string>;
}

/** A check that takes longer than this counts as failed: a probe must answer quickly. */
const checkTimeoutMs = 1_000;

/**
 * What /readyz reports: not ready once shutdown has begun (without asking
 * anything, so it answers at once), else ready when every dependency answers.
 */
export class Health {
  private shuttingDown = false;

  constructor(private readonly checks: Readonly<Record<string, ReadinessCheck>>) {}

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async readiness(): Promise<Readiness> {
    if (this.shuttingDown) return { ready: false, reason: "shutting down" };
    const entries = await Promise.all(
      Object.entries(this.checks).map(async ([name, check]): Promise<[string, string]> => {
        try {
          await withTimeout(check(), checkTimeoutMs, name);
          return [name, "ok"];
        } catch (error) {
          return [name, error instanceof Error ? error.message : String(error)];
        }
      }),
    );
    const failing = entries.filter(([, result]) => result !== "ok").map(([name, result]) => `${name}: ${result}`);
    const checks = Object.fromEntries(entries);
    return failing.length === 0 ? { ready: true, checks } : { ready: false, reason: failing.join("; "), checks };
  }
}
