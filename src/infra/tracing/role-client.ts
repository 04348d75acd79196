import { context, trace } from "@opentelemetry/api";
import pg from "pg";
import { type DatabaseRole, contextWithRole } from "./database-role";
import { tracingOn } from "./state";

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
        return context.with(contextWithRole(active, role), () => query.apply(this, args));
      }
    } as typeof pg.Client;
    clients.set(role, client);
  }
  return client;
}
