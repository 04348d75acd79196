import { count, eq } from "drizzle-orm";
import { isUniqueViolation } from "../../db/errors";
import { selectPage } from "../../db/pages";
import { type Context, requireViewer } from "../../graphql/context";
import { AlreadyExistsError, BadUserInputError, UnauthenticatedError } from "../../errors";
import { type Page } from "../../graphql/pagination/connection";
import { type PageArgs } from "../../graphql/pagination/page-args";
import { decoyPasswordHash, hashPassword, verifyPassword } from "../auth/password";
import { type SignUpInput, type UpdateProfileInput } from "./user.input";
import { type UserProfile, type UserRow, profileColumns, users } from "./user.table";

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** Catalog pages never read password hashes. */
export const pagedUsers = { table: users, id: users.id, order: "asc", columns: profileColumns } as const;

export async function createUser(ctx: Context, input: SignUpInput): Promise<UserRow> {
  const name = input.name.trim();
  if (!name) throw new BadUserInputError("name", "name must not be blank");
  const passwordHash = await hashPassword(input.password);
  try {
    const created = await ctx.db.transaction(async (tx) => {
      const [user] = await tx.insert(users).values({ name, email: normalizeEmail(input.email), passwordHash }).returning();
      for (const hook of ctx.app.hooks.afterSignUp) await hook(tx, user);
      return user;
    });
    for (const hook of ctx.app.hooks.afterSignUpCommit) hook(created);
    return created;
  } catch (error) {
    if (isUniqueViolation(error, "users_email_key")) {
      throw new AlreadyExistsError("email", "An account with this email already exists.");
    }
    throw error;
  }
}

/** The user whose email and password these are; one error for either being wrong. */
export async function authenticate(ctx: Context, email: string, password: string): Promise<UserRow> {
  // The primary, not a replica: logging in right after signing up must work.
  const [user] = await ctx.app.database.primary.select().from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
  if (!user || !valid) throw new UnauthenticatedError("Wrong email or password.");
  return user;
}

export async function updateProfile(ctx: Context, input: UpdateProfileInput): Promise<UserRow> {
  const viewer = requireViewer(ctx);
  const name = input.name?.trim();
  if (input.name !== undefined && input.name !== null && !name) {
    throw new BadUserInputError("name", "name must not be blank");
  }
  const [user] = await ctx.db.transaction((tx) =>
    tx
      .update(users)
      .set({ ...(name ? { name } : {}), updatedAt: new Date() })
      .where(eq(users.id, viewer.id))
      .returning(),
  );
  // A valid token for a deleted account.
  if (!user) throw new UnauthenticatedError("This account no longer exists.");
  await ctx.app.profileCache.replace(user);
  return user;
}

export const listUsers = (ctx: Context, page: PageArgs): Promise<Page<UserProfile>> => selectPage(ctx.db.reader(), pagedUsers, page);

export async function countUsers(ctx: Context): Promise<number> {
  const [row] = await ctx.db.reader().select({ total: count() }).from(users);
  return row.total;
}

