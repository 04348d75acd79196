import { type FeatureModule } from "../feature-module";
import { type JobHandlers } from "./job.handlers";
import { createJobLoaders } from "./job.loader";
import { JobResolver } from "./job.resolver";
import { JobSubscriptionResolver } from "./job.subscription";
import { type JobSystem } from "./job.system";
import { type MaintenanceTasks } from "./maintenance";
import { createQueueDashboard, queueDashboardPath } from "./queue-dashboard";

declare module "../../graphql/context" {
  interface FeatureServices {
    /** Started by the composition root (src/app.ts, src/worker.ts): it needs the process's worker role. */
    jobs: JobSystem;
  }
}

/** What a feature gives the processes that run jobs (src/worker-role.ts puts the features' together). */
export interface WorkerPart {
  /** Its job kinds' handlers: every kind has exactly one, among all features (checked at boot). */
  handlers?: Partial<JobHandlers>;
  /** Its steps of the scheduled maintenance job. */
  maintenance?: MaintenanceTasks;
  /** Called after the workers stopped (a mail transport, say). */
  close?(): void;
}

declare module "../feature-module" {
  interface FeatureModule {
    /** Built only where jobs run; `deps.database` is the jobs' own pools, `concurrency` the jobs this process runs at once. */
    worker?: (deps: FeatureDeps & { concurrency: number }) => WorkerPart;
  }
}

declare module "../../graphql/loaders" {
  interface Loaders {
    jobs: ReturnType<typeof createJobLoaders>;
  }
}

/** Background jobs: the outbox, queues, workers, their GraphQL and the admin's queue dashboard. */
export const jobsModule: FeatureModule = {
  resolvers: [JobResolver, JobSubscriptionResolver],
  loaders: { jobs: ({ read }) => createJobLoaders(read) },
  routes: [{ method: "use", path: queueDashboardPath, handler: ({ jobs, tokens }) => createQueueDashboard(jobs.queues, tokens) }],
};

export { type JobSystem, type WorkerRole, startJobSystem } from "./job.system";
export { type JobHandlers } from "./job.handlers";
