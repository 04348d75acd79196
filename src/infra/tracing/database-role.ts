import { type Span, context, createContextKey, trace } from "@opentelemetry/api";
import pg from "pg";
import { tracingOn } from "./state";

export type DatabaseRole = "primary" | "replica";

const roleKey = createContextKey("skein.db.role");

/** The attribute that says which server a statement went to (the pg instrumentation knows only host and port). */
export const databaseRoleAttribute = "skein.db.role";

/** The pg instrumentation's requestHook: runs inside the query call, where DatabaseRoleClient set the role. */
export function tagDatabaseRole(span: Span): void {
  const role = context.active().getValue(roleKey);
  if (role) span.setAttribute(databaseRoleAttribute, role as string);
}

const clients = new Map<DatabaseRole, typeof pg.Client>();

/**
 * The pg.Client class a pool of `role` makes when tracing is on: each query
 * made under a span runs with the role in its context, for tagDatabaseRole;
 * one under none makes no span (requireParentSpan), so it needs no role.
 * Undefined (pg's own Client) when tracing is off.
 */
export function clientClassFor(role: DatabaseRole): typeof pg.Client | undefined {
  if (!tracingOn()) return undefined;
  let client = clients.get(role);
  if (!client) {
    client = class DatabaseRoleClient extends pg.Client {
      // pg's query has many overloads; every one is passed through as it came.
      override query(...args: unknown[]): never {
        const query = super.query as (...args: unknown[]) => never;
        const active = context.active();
        if (!trace.getSpan(active)) return query.apply(this, args);
        return context.with(active.setValue(roleKey, role), () => query.apply(this, args));
      }
    } as typeof pg.Client;
    clients.set(role, client);
  }
  return client;
}
