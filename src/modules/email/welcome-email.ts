import { z } from "zod";
import { BatchedStatement } from "../../db/batched-statement";
import { anyOfParameter } from "../../db/any-of";
import { type Db, type Tx } from "../../db/database";
import { type KindHandler, PermanentJobError } from "../jobs/job.handlers";
import { type JobKindRegistry } from "../jobs/job.registry";
import { enqueueJob } from "../jobs/job.service";
import { type UserRow, users } from "../users/user.table";
import { type Mailer } from "./mailer";

export const welcomeEmailPayload = z.object({ userId: z.number().int().positive() });
export type WelcomeEmailPayload = z.infer<typeof welcomeEmailPayload>;

/** The job row for a welcome email, written in the caller's transaction. */
export const enqueueWelcomeEmail = (tx: Tx, kinds: JobKindRegistry, ownerId: number, user: Pick<UserRow, "id">, maxAttempts: number) =>
  enqueueJob(tx, kinds, { kind: "WELCOME_EMAIL", ownerId, payload: { userId: user.id }, maxAttempts });

/** The recipients of the emails a worker sends at once, by one statement built and prepared once; undefined where a user is gone. */
function recipientReader(db: Db): BatchedStatement<number, Pick<UserRow, "email" | "name"> | undefined> {
  const select = db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(anyOfParameter(users.id, "ids"))
    .prepare("welcome_email_recipients");
  return new BatchedStatement(async (ids) => {
    const byId = new Map((await select.execute({ ids })).map((user) => [user.id, user]));
    return ids.map((id) => byId.get(id));
  });
}

export function createWelcomeEmailHandler(db: Db, mailer: Mailer): KindHandler<"WELCOME_EMAIL"> {
  const recipients = recipientReader(db);
  return async ({ payload: { userId } }) => {
    const user = await recipients.call(userId);
    if (!user) throw new PermanentJobError(`User ${userId} no longer exists.`);
    const { messageId } = await mailer.send({
      to: user.email,
      subject: "Welcome to Skein",
      text: `Hello ${user.name},\n\nyour Skein account is ready.\n`,
    });
    return { to: user.email, messageId };
  };
}
