import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { RateLimit } from "../../graphql/limits";
import { type Context, requireViewer } from "../../graphql/context";
import { startJob } from "../jobs/job.service";
import { type JobRow } from "../jobs/job.table";
import { Job } from "../jobs/job.type";
import { type ReportKind as ReportKindName } from "./report.kinds";
import { type ReportSummary } from "./report.loader";
import { Report, ReportKind } from "./report.type";

@Resolver(() => Report)
export class ReportResolver {
  @Mutation(() => Job, { description: "Starts a REPORT job over the caller's own data." })
  @RateLimit("generateReport")
  generateReport(@Arg("kind", () => ReportKind) kind: ReportKindName, @Ctx() ctx: Context): Promise<JobRow> {
    const viewer = requireViewer(ctx);
    return startJob(ctx.db, ctx.app.jobs, { kind: "REPORT", ownerId: viewer.id, payload: { reportKind: kind }, maxAttempts: ctx.app.config.jobs.maxAttempts });
  }

  @FieldResolver(() => String, { description: "A download link that works from any instance; it expires." })
  url(@Root() report: ReportSummary, @Ctx() ctx: Context): string {
    return ctx.app.reportLinks.urlFor(report.id, ctx.origin);
  }
}

/** Adds `Job.report` from the reports feature, so jobs knows nothing of reports. */
@Resolver(() => Job)
export class JobReportResolver {
  @FieldResolver(() => Report, { nullable: true, description: "Set once a REPORT job has completed." })
  report(@Root() job: JobRow, @Ctx() ctx: Context): Promise<ReportSummary | null> | null {
    return job.kind === "REPORT" && job.state === "COMPLETED" ? ctx.loaders.reports.byJobId.load(job.id) : null;
  }
}
