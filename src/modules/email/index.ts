import { type Hooks } from "../../graphql/context";
import { type JobSystem } from "../jobs";
import { enqueueWelcomeEmail } from "./welcome-email";
import { WelcomeEmailResolver } from "./welcome-email.resolver";

export const emailResolvers = [WelcomeEmailResolver] as const;
export { createMailer, type Mailer } from "./mailer";
export { createWelcomeEmailHandler } from "./welcome-email";

/** signUp enqueues the new user's welcome email in signUp's transaction: the user and the job's row commit together or not at all (the users feature never imports this one). */
export function addWelcomeEmailOnSignUp(hooks: Hooks, maxAttempts: number, jobs: Pick<JobSystem, "ringOutbox">): void {
  hooks.afterSignUp.push((tx, user) => enqueueWelcomeEmail(tx, user.id, user, maxAttempts).then(() => undefined));
  hooks.afterSignUpCommit.push(() => jobs.ringOutbox());
}
