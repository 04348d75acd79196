import { type FeatureModule } from "../feature-module";
import { type JobsSettings, jobsConfig } from "./job.config";
import { createJobLoaders } from "./job.loader";
import { type JobKindDeclarations, useJobKindEnum } from "./job.registry";
import { JobResolver } from "./job.resolver";
import { startApiJobs } from "./job.start";
import { JobSubscriptionResolver } from "./job.subscription";
import { type JobSystem } from "./job.system";
import { createQueueDashboard, queueDashboardPath } from "./queue-dashboard";

declare module "../../graphql/context" {
  interface FeatureServices {
    jobs: JobSystem;
  }
}

declare module "../../config/feature-config" {
  interface FeatureSettings {
    jobs: JobsSettings;
  }
}

declare module "../feature-module" {
  interface FeatureModule {
    /** Its kinds of job (payload validation); their handlers are in its `worker` part. */
    jobKinds?: JobKindDeclarations;
  }
}

declare module "../../graphql/loaders" {
  interface Loaders {
    jobs: ReturnType<typeof createJobLoaders>;
  }
}

/** Background jobs: the outbox, queues, workers, their GraphQL and the admin's queue dashboard; other features bring the kinds. */
export const jobsModule: FeatureModule = {
  name: "jobs",
  config: jobsConfig,
  resolvers: [JobResolver, JobSubscriptionResolver],
  loaders: { jobs: ({ read }) => createJobLoaders(read) },
  collect: useJobKindEnum,
  provides: ["jobs"],
  services: async (deps) => ({ jobs: await startApiJobs(deps) }),
  stop: ({ jobs }) => jobs.close(),
  routes: [{ method: "use", path: queueDashboardPath, handler: ({ jobs, tokens }) => createQueueDashboard(jobs.queues, tokens) }],
};

export { startJobs } from "./job.start";
