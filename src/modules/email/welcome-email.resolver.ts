import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { RateLimit } from "../../graphql/limits";
import { type Context, requireSelfOrAdmin } from "../../graphql/context";
import { NotFoundError } from "../../errors";
import { parseId } from "../../graphql/ids";
import { startJob } from "../jobs/job.service";
import { type JobRow } from "../jobs/job.table";
import { Job } from "../jobs/job.type";

@Resolver()
export class WelcomeEmailResolver {
  @Mutation(() => Job, { description: "Sends the user their welcome email again; the user themself or an admin." })
  @RateLimit("sendWelcomeEmail")
  async sendWelcomeEmail(@Arg("userId", () => ID) userIdArg: string, @Ctx() ctx: Context): Promise<JobRow> {
    const userId = parseId(userIdArg, "userId");
    const viewer = requireSelfOrAdmin(ctx, userId);
    // The viewer's own account was looked up with its token; only another user's is read here.
    if (userId !== viewer.id && !(await ctx.loaders.users.byId.load(userId))) throw new NotFoundError("User", String(userId));
    return startJob(ctx.db, ctx.app.jobs, { kind: "WELCOME_EMAIL", ownerId: viewer.id, payload: { userId }, maxAttempts: ctx.app.config.jobs.maxAttempts });
  }
}
