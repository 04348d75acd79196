import { z } from "zod";
import { type FeatureConfig, type SectionEnv, configSection, optionalFlag, positiveInt, usesRedis } from "../../config";

/** The jobs feature's variables, with their defaults and units. */
const jobsEnv = {
  /** Namespace of the BullMQ queues and job events, so several deployments can share one Redis. */
  JOBS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1 to 64 letters, digits, dashes or underscores").default("skein"),
  /** Run a worker inside the API process. Default: on without Redis (the one-process start), off with REDIS_URL or REDIS_SENTINELS. */
  WORKER_IN_API: optionalFlag,
  /** Jobs one worker process runs at once. */
  WORKER_CONCURRENCY: positiveInt.default(4),
  /** Tries per job before it is FAILED. */
  JOB_MAX_ATTEMPTS: positiveInt.default(3),
  /** First retry delay; each further retry waits twice as long. */
  JOB_BACKOFF_MS: positiveInt.default(1_000),
  /** A worker that holds a job this long without renewing its lock is presumed dead; the job runs again. */
  JOB_LOCK_MS: positiveInt.default(30_000),
  /** Outbox poll that catches jobs whose wake-up was missed (or whose enqueue failed while Redis was down). */
  JOB_DISPATCH_POLL_MS: positiveInt.default(2_000),
  /** A dispatcher that claimed jobs and died before they reached their queue: after this long another one dispatches them. */
  JOB_DISPATCH_LEASE_MS: positiveInt.default(30_000),
  /** An unfinished job that has not changed for this long is handed to its queue again (its entry may have been lost). */
  JOB_REQUEUE_AFTER_SECONDS: positiveInt.default(3_600),
  /** How often the maintenance job runs the features' cleanup steps and requeues stale jobs. */
  MAINTENANCE_EVERY_MS: positiveInt.default(3_600_000),
};

function jobsSettingsFrom(raw: SectionEnv<typeof jobsEnv>) {
  return {
    prefix: raw.JOBS_PREFIX,
    workerInApi: raw.WORKER_IN_API ? raw.WORKER_IN_API === "true" : !usesRedis(raw),
    concurrency: raw.WORKER_CONCURRENCY,
    maxAttempts: raw.JOB_MAX_ATTEMPTS,
    backoffMs: raw.JOB_BACKOFF_MS,
    lockMs: raw.JOB_LOCK_MS,
    dispatchPollMs: raw.JOB_DISPATCH_POLL_MS,
    dispatchLeaseMs: raw.JOB_DISPATCH_LEASE_MS,
    requeueAfterSeconds: raw.JOB_REQUEUE_AFTER_SECONDS,
    maintenanceEveryMs: raw.MAINTENANCE_EVERY_MS,
  };
}

/** config.jobs */
export type JobsSettings = Readonly<ReturnType<typeof jobsSettingsFrom>>;

export const jobsConfig: FeatureConfig = { section: configSection("jobs", jobsEnv, jobsSettingsFrom) };
