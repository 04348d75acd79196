import { BatchedStatement } from "../../db/batched-statement";
import { type Db, type Tx } from "../../db/database";
import { selectRowsById } from "../../db/rows-by-id";
import { type JobHandler, PermanentJobError } from "../jobs/job.handlers";
import { enqueueJob } from "../jobs/job.service";
import { type UserRow, users } from "../users/user.table";
import { type Mailer } from "./mailer";

export interface WelcomeEmailPayload {
  userId: number;
}

/** The job row for a welcome email, written in the caller's transaction. */
export const enqueueWelcomeEmail = (tx: Tx, ownerId: number, user: Pick<UserRow, "id">, maxAttempts: number) =>
  enqueueJob(tx, { kind: "WELCOME_EMAIL", ownerId, payload: { userId: user.id } satisfies WelcomeEmailPayload, maxAttempts });

export function createWelcomeEmailHandler(db: Db, mailer: Mailer): JobHandler {
  // The recipients of the emails a worker sends at once, read by one statement.
  const recipients = new BatchedStatement((ids: number[]) => selectRowsById<UserRow>(db, users, ids));
  return async ({ job }) => {
    const { userId } = job.payload as WelcomeEmailPayload;
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
