import { type Logger } from "pino";
import { withTimeout } from "./timeout";

/**
 * Every shutdown step a Skein process may have, in the order they run: stop
 * intake, drain, then close what the drained work used. A process adds the
 * steps it has; the order is decided here and nowhere else.
 */
export const shutdownOrder = [
  /**
   * /readyz answers 503 and keep-alive ends (every response says Connection: close),
   * then SHUTDOWN_DELAY_MS passes so load balancers look elsewhere.
   */
  "readiness",
  /** WebSocket clients get close code 1001; before "http", whose drain would cut their sockets. */
  "websocket",
  /** The listener closes; requests in flight finish, for up to SHUTDOWN_TIMEOUT_MS. */
  "http",
  /**
   * Each feature stops what it runs: the jobs feature's BullMQ workers stop taking jobs and finish or
   * hand back the running ones; then the queues close.
   */
  "features",
  /** After the drain, so Prometheus can watch a worker finishing its jobs. */
  "metrics-server",
  /** A cluster's primary: its API processes get SIGTERM and it waits for them to exit. */
  "api-processes",
  "redis",
  "database",
  "embedded-postgres",
  /** With tracing on: the spans still buffered are exported, the last of them the shutdown's own. */
  "traces",
  "logs",
] as const;

export type ShutdownStepName = (typeof shutdownOrder)[number];

/** A step that has not finished by then is logged as failed and the next one starts. */
const defaultStepTimeoutMs = 5_000;

interface Step {
  run: () => unknown;
  timeoutMs: number;
}

/**
 * Ordered, idempotent, bounded shutdown: `run` may be called any number of
 * times and runs the steps once; each step is bounded by its timeout, logs
 * its outcome, and a failure does not stop the steps after it.
 */
export class Shutdown {
  private readonly steps = new Map<ShutdownStepName, Step>();
  private running: Promise<boolean> | undefined;

  constructor(private readonly logger: Logger) {}

  add(name: ShutdownStepName, run: () => unknown, timeoutMs = defaultStepTimeoutMs): this {
    if (this.steps.has(name)) throw new Error(`shutdown step "${name}" is already registered`);
    this.steps.set(name, { run, timeoutMs });
    return this;
  }

  /** Resolves to true when every step succeeded in time. */
  run(): Promise<boolean> {
    return (this.running ??= this.runSteps());
  }

  private async runSteps(): Promise<boolean> {
    let clean = true;
    for (const name of shutdownOrder) {
      const step = this.steps.get(name);
      if (step) clean = (await this.runStep(name, step)) && clean;
    }
    return clean;
  }

  private async runStep(name: ShutdownStepName, { run, timeoutMs }: Step): Promise<boolean> {
    const startedAt = performance.now();
    const elapsedMs = () => Math.round(performance.now() - startedAt);
    try {
      // The first step starts synchronously within run(): /readyz turns 503 before the signal handler returns.
      await withTimeout(new Promise((resolve) => resolve(run())), timeoutMs, `shutdown step ${name}`);
      this.logger.info({ step: name, elapsedMs: elapsedMs() }, "shutdown step done");
      return true;
    } catch (error) {
      this.logger.error({ err: error, step: name, elapsedMs: elapsedMs() }, "shutdown step failed; carrying on");
      return false;
    }
  }
}

/** Resolves once the logger's destination has written every line it holds (BatchedLines.flush); one without a flush answers at once. */
export function flushLogs(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}

/** How long exit waits for the last log lines (the shutdown's own) to be written. */
const finalLogsTimeoutMs = 1_000;

/**
 * Runs `stop` on the first SIGTERM or SIGINT and exits with 0 when it was
 * clean, 1 otherwise. Later signals are logged and change nothing (Ctrl-C
 * reaches every process of a cluster, and the primary forwards SIGTERM too).
 */
export function exitOnShutdownSignals(logger: Logger, stop: () => Promise<boolean>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return logger.info({ signal }, "already shutting down");
    stopping = true;
    logger.info({ signal }, "shutting down");
    void stop().then(async (clean) => {
      await withTimeout(flushLogs(logger), finalLogsTimeoutMs, "final log lines").catch(() => {});
      process.exit(clean ? 0 : 1);
    });
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
