import { JobReportResolver, ReportResolver } from "./report.resolver";

export const reportResolvers = [ReportResolver, JobReportResolver] as const;
export { createReportHandler } from "./report.handler";
export { createReportDownload } from "./report.route";
export { ReportLinks } from "./report.signing";
export { deleteExpiredReports } from "./report.cleanup";
