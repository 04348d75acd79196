import { JobResolver } from "./job.resolver";
import { JobSubscriptionResolver } from "./job.subscription";

export const jobResolvers = [JobResolver, JobSubscriptionResolver] as const;
export { type JobSystem, type WorkerRole, startJobSystem } from "./job.system";
export { type JobHandlers } from "./job.handlers";
