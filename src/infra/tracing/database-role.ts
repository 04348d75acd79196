import { type Context, type Span, context, createContextKey } from "@opentelemetry/api";

export type DatabaseRole = "primary" | "replica";

const roleKey = createContextKey("skein.db.role");

/** The attribute that says which server a statement went to (the pg instrumentation knows only host and port). */
export const databaseRoleAttribute = "skein.db.role";

/**
 * The pg instrumentation's requestHook and connectionHook: runs inside the
 * query or connect call, where DatabaseRoleClient or ContextKeepingPool set
 * the role.
 */
export function tagDatabaseRole(span: Span): void {
  const role = context.active().getValue(roleKey);
  if (role) span.setAttribute(databaseRoleAttribute, role as string);
}

/** `active` with the server its statements go to, for tagDatabaseRole (role-client.ts sets it). */
export const contextWithRole = (active: Context, role: DatabaseRole): Context => active.setValue(roleKey, role);
