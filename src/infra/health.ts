import { type Logger } from "pino";
import { type Metrics } from "./metrics";
import { withTimeout } from "./timeout";

/** Resolves when a dependency answers; rejects (with a reason) when it does not. */
export type ReadinessCheck = () => Promise<unknown>;

export interface ReadinessChecks {
  /**
   * The ways to a database: the instance can serve while any of them
   * answers (the primary; with replicas, also a replica in rotation, which
   * answers queries while mutations get SERVICE_UNAVAILABLE).
   */
  databases: Readonly<Record<string, ReadinessCheck>>;
  /** What the instance serves without, degraded (Redis: limits per process, cache bypassed): named when down, never a 503. */
  degradable: Readonly<Record<string, ReadinessCheck>>;
}

export interface Readiness {
  ready: boolean;
  /** "degraded": ready, with some dependency down (named in `down`). */
  status: "ready" | "degraded" | "not ready";
  /** Why the process is not ready; absent when it is. */
  reason?: string;
  /** Each dependency: "ok" or what went wrong. Absent while shutting down. */
  checks?: Record<string, string>;
  /** The dependencies that did not answer. */
  down?: string[];
}

/** A check that takes longer than this counts as failed: a probe must answer quickly. */
const checkTimeoutMs = 1_000;

async function run(checks: Readonly<Record<string, ReadinessCheck>>): Promise<Array<[string, string]>> {
  return Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, string]> => {
      try {
        await withTimeout(check(), checkTimeoutMs, name);
        return [name, "ok"];
      } catch (error) {
        return [name, error instanceof Error ? error.message : String(error)];
      }
    }),
  );
}

/**
 * What /readyz reports: not ready once shutdown has begun (without asking
 * anything, so it answers at once) or when no database answers; ready,
 * "degraded", when something it can serve without is down, so a Redis
 * restart does not take every instance out of the load balancer at once.
 * Each dependency's state is also the gauge skein_dependency_down (checked
 * again at each scrape), and a change of it a log line.
 */
export class Health {
  private shuttingDown = false;
  private readonly wasDown = new Set<string>();

  constructor(
    private readonly checks: ReadinessChecks,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {
    for (const name of [...Object.keys(checks.databases), ...Object.keys(checks.degradable)]) metrics.dependencyDown.set({ dependency: name }, 0);
    metrics.observeDependencies(() => this.readiness());
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async readiness(): Promise<Readiness> {
    if (this.shuttingDown) return { ready: false, status: "not ready", reason: "shutting down" };
    const [databases, degradable] = await Promise.all([run(this.checks.databases), run(this.checks.degradable)]);
    const entries = [...databases, ...degradable];
    const failing = entries.filter(([, result]) => result !== "ok");
    this.record(failing);
    const checks = Object.fromEntries(entries);
    const down = failing.map(([name]) => name);
    if (!databases.some(([, result]) => result === "ok")) {
      return { ready: false, status: "not ready", reason: failing.map(([name, result]) => `${name}: ${result}`).join("; "), checks, down };
    }
    return failing.length === 0 ? { ready: true, status: "ready", checks } : { ready: true, status: "degraded", checks, down };
  }

  private record(failing: Array<[string, string]>): void {
    const nowDown = new Map(failing);
    for (const [name, reason] of nowDown) {
      if (this.wasDown.has(name)) continue;
      this.wasDown.add(name);
      this.metrics.dependencyDown.set({ dependency: name }, 1);
      this.logger.warn({ dependency: name, reason }, `${name} does not answer; serving without it where possible`);
    }
    for (const name of this.wasDown) {
      if (nowDown.has(name)) continue;
      this.wasDown.delete(name);
      this.metrics.dependencyDown.set({ dependency: name }, 0);
      this.logger.info({ dependency: name }, `${name} answers again`);
    }
  }
}
