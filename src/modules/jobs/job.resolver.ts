import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { type Context, requireAdmin, requireViewer } from "../../graphql/context";
import { parseId } from "../../graphql/ids";
import { type ConnectionShape, toConnection } from "../../graphql/pagination/connection";
import { Private, ViewerSpecific } from "../../graphql/viewer-specific";
import { AfterArg, FirstArg, pageArgsOf } from "../../graphql/pagination/page-args";
import { type JobState as JobStateName } from "./job.kinds";
import { cancelJob, countJobs, findVisibleJob, listJobs, retryJob } from "./job.service";
import { type JobRow } from "./job.table";
import { Job, JobConnection, JobState } from "./job.type";

@Resolver(() => Job)
export class JobResolver {
  @Query(() => Job, { nullable: true, description: "Only the job's owner (or an admin) sees it; null otherwise." })
  @Private()
  job(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<JobRow | null> {
    return findVisibleJob(ctx.loaders.jobs, ctx.viewer, parseId(id, "id"));
  }

  @Query(() => JobConnection, { description: "The caller's own jobs, newest first." })
  @ViewerSpecific()
  async jobs(
    @Ctx() ctx: Context,
    @FirstArg() first?: number,
    @AfterArg() after?: string,
    @Arg("state", () => JobState, { nullable: true }) state?: JobStateName,
  ): Promise<ConnectionShape<JobRow>> {
    const viewer = requireViewer(ctx);
    const page = await listJobs(ctx.db, viewer, pageArgsOf(ctx, first, after), state ?? undefined);
    return toConnection(page, () => countJobs(ctx.db, viewer, state ?? undefined));
  }

  @Mutation(() => Job)
  cancelJob(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<JobRow> {
    return cancelJob(ctx.app.jobs, ctx.app.database.primary, requireViewer(ctx), parseId(id, "id"));
  }

  @Mutation(() => Job, { description: "Admins only: runs a FAILED job again from its first attempt. Any other state is BAD_USER_INPUT." })
  retryJob(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<JobRow> {
    requireAdmin(ctx);
    return retryJob(ctx.app.jobs, ctx.app.database.primary, parseId(id, "id"));
  }
}
