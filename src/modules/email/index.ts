import { type FeatureModule } from "../feature-module";
import { createMailer } from "./mailer";
import { createWelcomeEmailHandler, enqueueWelcomeEmail } from "./welcome-email";
import { WelcomeEmailResolver } from "./welcome-email.resolver";

/** Email through the jobs feature: the welcome email, at sign-up and on request. */
export const emailModule: FeatureModule = {
  resolvers: [WelcomeEmailResolver],
  // In signUp's transaction: the user and the job's row commit together or not at all (users never imports this feature).
  hooks: ({ config, jobs }) => ({
    afterSignUp: (tx, user) => enqueueWelcomeEmail(tx, user.id, user, config.jobs.maxAttempts).then(() => undefined),
    afterSignUpCommit: () => jobs.ringOutbox(),
  }),
  worker: ({ config, database, logger, metrics, concurrency }) => {
    const mailer = createMailer(config.mail, concurrency, logger, metrics);
    return { handlers: { WELCOME_EMAIL: createWelcomeEmailHandler(database.primary, mailer) }, close: () => mailer.close() };
  },
};
