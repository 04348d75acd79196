import { type FeatureModule } from "../feature-module";
import { createJobLoaders } from "./job.loader";
import { JobResolver } from "./job.resolver";
import { JobSubscriptionResolver } from "./job.subscription";
import { type JobSystem } from "./job.system";
import { createQueueDashboard, queueDashboardPath } from "./queue-dashboard";

declare module "../../graphql/context" {
  interface FeatureServices {
    /** Started by the composition root (src/app.ts, src/worker.ts): it needs the process's worker role. */
    jobs: JobSystem;
  }
}

declare module "../../graphql/loaders" {
  interface Loaders {
    jobs: ReturnType<typeof createJobLoaders>;
  }
}

/** Background jobs: the outbox, queues, workers, their GraphQL and the admin's queue dashboard. */
export const jobsModule: FeatureModule = {
  name: "jobs",
  resolvers: [JobResolver, JobSubscriptionResolver],
  loaders: { jobs: ({ read }) => createJobLoaders(read) },
  routes: [{ method: "use", path: queueDashboardPath, handler: ({ jobs, tokens }) => createQueueDashboard(jobs.queues, tokens) }],
};

export { type JobSystem, type WorkerRole, startJobSystem } from "./job.system";
export { type JobHandlers } from "./job.handlers";
export { requeueStaleJobs } from "./job.requeue";
