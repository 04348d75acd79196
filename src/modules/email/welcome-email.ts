import { eq } from "drizzle-orm";
import { z } from "zod";
import { type Db, type Tx } from "../../db/database";
import { type KindHandler, PermanentJobError } from "../jobs/job.handlers";
import { enqueueJob } from "../jobs/job.service";
import { type UserRow, users } from "../users/user.table";
import { type Mailer } from "./mailer";

export const welcomeEmailPayload = z.object({ userId: z.number().int().positive() });
export type WelcomeEmailPayload = z.infer<typeof welcomeEmailPayload>;

/** The job row for a welcome email, written in the caller's transaction. */
export const enqueueWelcomeEmail = (tx: Tx, ownerId: number, user: Pick<UserRow, "id">, maxAttempts: number) =>
  enqueueJob(tx, { kind: "WELCOME_EMAIL", ownerId, payload: { userId: user.id }, maxAttempts });

export function createWelcomeEmailHandler(db: Db, mailer: Mailer): KindHandler<"WELCOME_EMAIL"> {
  return async ({ payload: { userId } }) => {
    const [user] = await db.select().from(users).where(eq(users.id, userId));
    if (!user) throw new PermanentJobError(`User ${userId} no longer exists.`);
    const { messageId } = await mailer.send({
      to: user.email,
      subject: "Welcome to Skein",
      text: `Hello ${user.name},\n\nyour Skein account is ready.\n`,
    });
    return { to: user.email, messageId };
  };
}
