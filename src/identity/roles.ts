/** What a user may do: every account is a USER; ADMINs may also see and manage anyone's. */
export const roles = ["USER", "ADMIN"] as const;
export type Role = (typeof roles)[number];

/** The role of a new account, and of a token whose role claim names none of `roles`. */
export const defaultRole: Role = "USER";

export const isRole = (value: unknown): value is Role => (roles as readonly unknown[]).includes(value);

export const isAdmin = (role: Role): boolean => role === "ADMIN";
