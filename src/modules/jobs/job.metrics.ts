import { type Job, type JobType, type Queue, type Worker } from "bullmq";
import { Gauge, Histogram, type Registry } from "prom-client";
import { type Metrics } from "../../infra/metrics";
import { withTimeout } from "../../infra/timeout";

/** The states skein_jobs reports; `waiting` is what the worker autoscaler follows. */
const reportedStates = ["waiting", "prioritized", "delayed", "active", "completed", "failed"] as const satisfies readonly JobType[];

/** A scrape must answer even while Redis is down: counts give up after this. */
const countTimeoutMs = 1_000;

/** Seconds: a job runs from milliseconds (an email) to minutes (a large report). */
const jobBucketsSeconds = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

type JobOutcome = "completed" | "failed";
type FinishedJob = Pick<Job, "queueName" | "name" | "timestamp" | "delay" | "processedOn" | "finishedOn">;

/**
 * The BullMQ metrics, defined once for every process that has queues: the
 * worker (which exposes them on its own /metrics) and, if it wants the
 * counts, the API. Counts are read from Redis at scrape time; durations and
 * waits are recorded for the workers passed to `observe`.
 */
export function createJobMetrics(registry: Registry, queues: ReadonlyArray<Pick<Queue, "name" | "getJobCounts">>) {
  const registers = [registry];
  countJobs(registers, queues);
  const duration = new Histogram({
    name: "skein_job_duration_seconds",
    help: "Time a job attempt ran in a worker, by queue, job name and outcome.",
    labelNames: ["queue", "name", "outcome"] as const,
    buckets: jobBucketsSeconds,
    registers,
  });
  const waiting = new Histogram({
    name: "skein_job_wait_seconds",
    help: "Time from a job being ready (created, plus its delay) to the start of its latest attempt.",
    labelNames: ["queue", "name"] as const,
    buckets: jobBucketsSeconds,
    registers,
  });
  const jobFinished = (job: FinishedJob, outcome: JobOutcome): void => {
    if (job.processedOn === undefined) return;
    const ready = job.timestamp + job.delay;
    waiting.observe({ queue: job.queueName, name: job.name }, Math.max(0, job.processedOn - ready) / 1_000);
    const end = job.finishedOn ?? Date.now();
    duration.observe({ queue: job.queueName, name: job.name, outcome }, (end - job.processedOn) / 1_000);
  };
  return {
    /** Records every attempt `worker` finishes, from its `completed` and `failed` events. */
    observe(worker: Pick<Worker, "on">): void {
      worker.on("completed", (job) => jobFinished(job, "completed"));
      worker.on("failed", (job) => job && jobFinished(job, "failed"));
    },
  };
}

/** skein_jobs: read from each queue at scrape time; a queue that does not answer in time is left out. */
function countJobs(registers: Registry[], queues: ReadonlyArray<Pick<Queue, "name" | "getJobCounts">>): void {
  new Gauge({
    name: "skein_jobs",
    help: "Jobs per queue and state, read from the queue at scrape time.",
    labelNames: ["queue", "state"] as const,
    // Every process reads the same queues: a cluster's sum would count them once per process.
    aggregator: "max",
    registers,
    async collect() {
      this.reset();
      const counts = await Promise.allSettled(
        queues.map((queue) => withTimeout(queue.getJobCounts(...reportedStates), countTimeoutMs, `counting ${queue.name}`)),
      );
      counts.forEach((result, index) => {
        if (result.status === "rejected") return; // No sample beats a wrong one.
        for (const state of reportedStates) this.set({ queue: queues[index].name, state }, result.value[state] ?? 0);
      });
    },
  });
}

/** Job counts per queue, and the timings of every job this process's workers run. */
export function observeJobs(metrics: Metrics, jobs: { queues: readonly Queue[]; workers: readonly Worker[] }): void {
  const jobMetrics = createJobMetrics(metrics.registry, jobs.queues);
  for (const worker of jobs.workers) jobMetrics.observe(worker);
}
