import { Database } from "../../db/database";
import { observeJobs } from "./job.metrics";
import { type FeatureDeps } from "../feature-module";
import { JobKindRegistry } from "./job.registry";
import { type JobSystem, startJobSystem } from "./job.system";
import { createWorkerRole } from "./worker-role";

/**
 * A process's job system; with `runJobs`, the dispatcher and the workers
 * too (the worker process, or the API with WORKER_IN_API), and their
 * metrics. Its close() stops all it started: the workers finish or hand
 * back their jobs before the features' parts (a mail transport) close.
 */
export async function startJobs(deps: FeatureDeps, runJobs: { concurrency?: number } | undefined): Promise<JobSystem> {
  const { config, database, databaseUrl, logger, metrics } = deps;
  const kinds = new JobKindRegistry(deps.features);
  const role = runJobs ? createWorkerRole(deps, kinds, runJobs.concurrency) : undefined;
  const system = await startJobSystem({ config, database, databaseUrl, logger, kinds, worker: role });
  // Queue depths and job timings come from the processes that run jobs.
  if (role) observeJobs(metrics, system);
  let closing: Promise<void> | undefined;
  return {
    ...system,
    close: () => (closing ??= system.close().then(() => role?.close())),
  };
}

/**
 * The API process's job system, on pools of its own so a job never takes a
 * connection a request is waiting for; it runs jobs too with WORKER_IN_API
 * (the one-process start). Its close() closes those pools last.
 */
export async function startApiJobs(deps: FeatureDeps): Promise<JobSystem> {
  const { config, database, databaseUrl, logger, metrics } = deps;
  const jobsDatabase = new Database({
    primaryUrl: databaseUrl,
    replicaUrls: config.db.replicaUrls,
    config: config.db,
    metrics,
    logger,
    name: "jobs",
    // One lag poll per process, shared by both sets of pools.
    replicaLag: database.replicaLag,
  });
  const system = await startJobs({ ...deps, database: jobsDatabase }, config.jobs.workerInApi ? {} : undefined);
  let closing: Promise<void> | undefined;
  return {
    ...system,
    close: () => (closing ??= system.close().finally(() => jobsDatabase.close())),
  };
}
