import { type FeatureModule } from "../feature-module";
import { type EmailSettings, emailConfig } from "./email.config";
import { type EmailMetrics, defineEmailMetrics } from "./email.metrics";
import { createMailer } from "./mailer";
import { type WelcomeEmailPayload, createWelcomeEmailHandler, enqueueWelcomeEmail, welcomeEmailPayload } from "./welcome-email";
import { WelcomeEmailResolver } from "./welcome-email.resolver";

declare module "../../config/feature-config" {
  interface FeatureSettings {
    email: EmailSettings;
  }
  interface FieldLimitNames {
    sendWelcomeEmail: true;
  }
}

declare module "../../infra/metrics" {
  interface FeatureMetrics {
    smtpCircuitOpen: EmailMetrics["smtpCircuitOpen"];
  }
}

declare module "../jobs/job.kinds" {
  interface JobPayloads {
    WELCOME_EMAIL: WelcomeEmailPayload;
  }
}

/** Email through the jobs feature: the welcome email, at sign-up and on request. */
export const emailModule: FeatureModule = {
  name: "email",
  config: emailConfig,
  metrics: defineEmailMetrics,
  resolvers: [WelcomeEmailResolver],
  requires: ["jobs"],
  jobKinds: { WELCOME_EMAIL: welcomeEmailPayload },
  // In signUp's transaction: the user and the job's row commit together or not at all (users never imports this feature).
  hooks: ({ config, jobs }) => ({
    afterSignUp: (tx, user) => enqueueWelcomeEmail(tx, jobs.kinds, user.id, user, config.jobs.maxAttempts).then(() => undefined),
    afterSignUpCommit: () => jobs.ringOutbox(),
  }),
  worker: ({ config, database, logger, metrics, concurrency }) => {
    const mailer = createMailer(config.email, concurrency, logger, metrics);
    return { handlers: { WELCOME_EMAIL: createWelcomeEmailHandler(database.primary, mailer) }, close: () => mailer.close() };
  },
};
