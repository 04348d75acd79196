import { count, eq } from "drizzle-orm";
import { anyOfParameter } from "../../db/any-of";
import { type Db, type DbHandle, type Tx } from "../../db/database";
import { isUniqueViolation } from "../../db/errors";
import { type Page, type PageArgs, selectProjectedPage } from "../../db/pages";
import { type Projection } from "../../db/projection";
import { AlreadyExistsError, BadUserInputError, UnauthenticatedError } from "../../errors";
import { type Role } from "../../identity/roles";
import { type Viewer } from "../../identity/tokens";
import { decoyPasswordHash, hashPassword, verifyPassword } from "./password";
import { type SignUpInput, type UpdateProfileInput } from "./user.input";
import { type ProfileCache } from "./user.cache";
import { type UserProfile, type UserRow, profileColumns, users } from "./user.table";

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** Catalog pages never read password hashes. */
export const pagedUsers = { table: users, id: users.id, order: "asc", columns: profileColumns } as const;

/** What another feature does inside signUp's transaction (the email feature enqueues the welcome email). */
export type AfterSignUp = (tx: Tx, user: UserRow) => Promise<void>;
/** What another feature does once signUp committed (the email feature rings the jobs' outbox bell). */
export type AfterSignUpCommit = (user: UserRow) => void;

export interface SignUpHooks {
  afterSignUp?: readonly AfterSignUp[];
  afterSignUpCommit?: readonly AfterSignUpCommit[];
}

export async function createUser(db: DbHandle, { afterSignUp = [], afterSignUpCommit = [] }: SignUpHooks, input: SignUpInput): Promise<UserRow> {
  const name = input.name.trim();
  if (!name) throw new BadUserInputError("name", "name must not be blank");
  const passwordHash = await hashPassword(input.password);
  try {
    const created = await db.transaction(async (tx) => {
      const [user] = await tx.insert(users).values({ name, email: normalizeEmail(input.email), passwordHash }).returning();
      for (const hook of afterSignUp) await hook(tx, user);
      return user;
    });
    for (const hook of afterSignUpCommit) hook(created);
    return created;
  } catch (error) {
    if (isUniqueViolation(error, "users_email_key")) {
      throw new AlreadyExistsError("email", "An account with this email already exists.");
    }
    throw error;
  }
}

/** The user whose email and password these are; one error for either being wrong. */
export async function authenticate(primary: Db, email: string, password: string): Promise<UserRow> {
  // The primary, not a replica: logging in right after signing up must work.
  const [user] = await primary.select().from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
  if (!user || !valid) throw new UnauthenticatedError("Wrong email or password.");
  return user;
}

export async function updateProfile(db: DbHandle, viewer: Viewer, input: UpdateProfileInput, profileCache: ProfileCache): Promise<UserRow> {
  const name = input.name?.trim();
  if (input.name !== undefined && input.name !== null && !name) {
    throw new BadUserInputError("name", "name must not be blank");
  }
  const [user] = await db.transaction((tx) =>
    tx
      .update(users)
      .set({ ...(name ? { name } : {}), updatedAt: new Date() })
      .where(eq(users.id, viewer.id))
      .returning(),
  );
  // A valid token for a deleted account.
  if (!user) throw new UnauthenticatedError("This account no longer exists.");
  await profileCache.replace(user);
  return user;
}

/**
 * Reads users' roles now, in the order of `userIds`, null where a user does
 * not exist (what ViewerRoles asks, through roleLookup): one statement for
 * the viewers of many requests, built and prepared once.
 */
export function userRoleReader(db: Db): (userIds: number[]) => Promise<Array<Role | null>> {
  const select = db
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(anyOfParameter(users.id, "ids"))
    .prepare("user_roles");
  return async (userIds) => {
    const roleById = new Map((await select.execute({ ids: userIds })).map((row) => [row.id, row.role]));
    return userIds.map((id) => roleById.get(id) ?? null);
  };
}

/** A page of users with the projection's columns only: rows that are partial profiles (see createUserLoaders' hold). */
export const listUsers = (db: DbHandle, page: PageArgs, projection: Projection): Promise<Page<UserProfile>> =>
  selectProjectedPage(db.reader(), pagedUsers, page, projection);

export async function countUsers(db: DbHandle): Promise<number> {
  const [row] = await db.reader().select({ total: count() }).from(users);
  return row.total;
}

