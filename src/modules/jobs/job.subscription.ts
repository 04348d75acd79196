import { Arg, ID, Resolver, Root, type SubscribeResolverData, Subscription } from "type-graphql";
import { type Context, requireViewer } from "../../graphql/context";
import { parseId } from "../../graphql/ids";
import { Private } from "../../graphql/viewer-specific";
import { requireOwnJob } from "./job.service";
import { followJobs } from "./job.stream";
import { type JobRow } from "./job.table";
import { Job } from "./job.type";

type Subscribe<Args = object> = SubscribeResolverData<unknown, Args, Context>;

async function followOneJob({ args, context }: Subscribe<{ id: string }>) {
  const jobId = parseId(args.id, "id");
  const viewer = requireViewer(context);
  const primary = context.app.database.primary;
  // Checked before anything is streamed: NOT_FOUND (missing, or not the caller's) ends the subscription at once.
  await requireOwnJob(primary, viewer, jobId);
  // Read again once subscribed: a change made between the check and the subscription is then not lost.
  return followJobs(context.app.jobs.events, { kind: "job", jobId }, { current: () => requireOwnJob(primary, viewer, jobId), endOnFinal: true });
}

function followMyJobs({ context }: Subscribe) {
  const viewer = requireViewer(context);
  return followJobs(context.app.jobs.events, { kind: "owner", ownerId: viewer.id }, { endOnFinal: false });
}

@Resolver(() => Job)
export class JobSubscriptionResolver {
  @Subscription(() => Job, {
    description: "First the job as it stands, then every change; completes after a final state.",
    subscribe: followOneJob,
  })
  @Private()
  jobUpdated(@Root() job: JobRow, @Arg("id", () => ID) _id: string): JobRow {
    return job;
  }

  @Subscription(() => Job, { description: "Every change to any of the caller's jobs.", subscribe: followMyJobs })
  myJobUpdated(@Root() job: JobRow): JobRow {
    return job;
  }
}
