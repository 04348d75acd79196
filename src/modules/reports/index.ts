import { type FeatureModule } from "../feature-module";
import { deleteExpiredReports } from "./report.cleanup";
import { type ReportsSettings, reportsConfig } from "./report.config";
import { type ReportPayload, createReportHandler, reportPayload } from "./report.handler";
import { createReportLoaders } from "./report.loader";
import { JobReportResolver, ReportResolver } from "./report.resolver";
import { createReportDownload } from "./report.route";
import { ReportLinks } from "./report.signing";

declare module "../../graphql/context" {
  interface FeatureServices {
    reportLinks: ReportLinks;
  }
}

declare module "../../config/feature-config" {
  interface FeatureSettings {
    reports: ReportsSettings;
  }
  interface FieldLimitNames {
    generateReport: true;
  }
}

declare module "../jobs/job.kinds" {
  interface JobPayloads {
    REPORT: ReportPayload;
  }
}

declare module "../../graphql/loaders" {
  interface Loaders {
    reports: ReturnType<typeof createReportLoaders>;
  }
}

/** Reports made by REPORT jobs, their signed download links and the download; adds `Job.report`. */
export const reportsModule: FeatureModule = {
  name: "reports",
  config: reportsConfig,
  resolvers: [ReportResolver, JobReportResolver],
  requires: ["jobs"],
  jobKinds: { REPORT: reportPayload },
  // A job's COMPLETED event names a report the worker has just written: read it where it was written.
  loaders: { reports: ({ primary }) => createReportLoaders(primary) },
  provides: ["reportLinks"],
  services: ({ config }) => ({ reportLinks: new ReportLinks(config.reports.signingSecret, config.reports.urlTtlSeconds, config.publicUrl) }),
  routes: [{ method: "get", path: "/reports/:id", handler: ({ database, reportLinks }) => createReportDownload(database, reportLinks) }],
  worker: ({ config, database }) => ({
    handlers: { REPORT: createReportHandler(database, config.reports) },
    maintenance: { expiredReports: () => deleteExpiredReports(database.primary) },
  }),
};
