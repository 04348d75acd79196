import cluster, { type Worker } from "node:cluster";
import { type Logger } from "pino";
import { answerMetricsRequests } from "./metrics";
import { RestartBackoff } from "./restart-backoff";

export interface ClusterOptions {
  workers: number;
  /** Added to each API process's environment (the primary's resolved DATABASE_URL). */
  env: Record<string, string>;
  logger: Logger;
}

export interface ClusterPrimary {
  /** SIGTERM to every API process; resolves once all have exited, SIGKILLing those left after `timeoutMs`. */
  close(timeoutMs: number): Promise<void>;
}

/**
 * The primary of `--workers N`: forks N API processes that share its port
 * (node:cluster hands them connections in turn), replaces any that dies,
 * and sums their metrics for /metrics. It serves nothing itself.
 */
export function startCluster({ workers, env, logger }: ClusterOptions): ClusterPrimary {
  const serving = new Set<Worker>();
  const bornAt = new WeakMap<Worker, number>();
  const backoff = new RestartBackoff();
  let stopping = false;

  const fork = () => {
    if (stopping) return;
    const worker = cluster.fork(env);
    bornAt.set(worker, Date.now());
    worker.once("listening", () => serving.add(worker));
  };

  cluster.on("exit", (worker, code, signal) => {
    serving.delete(worker);
    if (stopping) return;
    const restartInMs = backoff.delayMsAfter(Date.now() - (bornAt.get(worker) ?? 0));
    logger.warn({ workerPid: worker.process.pid, code, signal, restartInMs }, "an API process died; replacing it");
    setTimeout(fork, restartInMs);
  });
  answerMetricsRequests(() => [...serving], logger);
  // Each API process reloads its own trusted documents.
  process.on("SIGHUP", () => {
    for (const worker of serving) worker.process.kill("SIGHUP");
  });
  for (let i = 0; i < workers; i += 1) fork();
  logger.info({ workers }, "cluster primary started");

  return {
    close: (timeoutMs) => {
      stopping = true;
      const alive = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
      const exited = alive.map((worker) => new Promise<void>((resolve) => (worker.isDead() ? resolve() : worker.once("exit", () => resolve()))));
      for (const worker of alive) worker.process.kill("SIGTERM");
      const killer = setTimeout(() => {
        for (const worker of alive) if (!worker.isDead()) worker.process.kill("SIGKILL");
      }, timeoutMs);
      return Promise.all(exited).then(() => clearTimeout(killer));
    },
  };
}
