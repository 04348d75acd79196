import { getTableColumns } from "drizzle-orm";
import { bigint, pgEnum, pgTable, text, timestamp, varchar } from "drizzle-orm/pg-core";
import { defaultRole, roles } from "../../identity/roles";

export const roleEnum = pgEnum("role", roles);

export const users = pgTable(
  "users",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    name: varchar("name", { length: 100 }).notNull(),
    /** Stored lower-cased, so the unique index is case-insensitive. */
    email: varchar("email", { length: 254 }).notNull().unique("users_email_key"),
    passwordHash: text("password_hash").notNull(),
    role: roleEnum("role").notNull().default(defaultRole),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
);

export type UserRow = typeof users.$inferSelect;

const { passwordHash: _passwordHash, ...shownColumns } = getTableColumns(users);
/** Every column but the password hash: what reads for the API select. */
export const profileColumns = shownColumns;
/** What the API shows of a user: never the password hash, so it may be cached. */
export type UserProfile = Omit<UserRow, "passwordHash">;

/** The user a signUp or logIn payload returns: the caller has just proved they are this user, so they see their private fields. */
export type SelfProfile = UserRow & { shownToSelf: true };
