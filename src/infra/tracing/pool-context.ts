import { context, trace } from "@opentelemetry/api";
import pg from "pg";
import { type DatabaseRole, contextWithRole } from "./database-role";
import { tracingOn } from "./state";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg-pool hands the callback (err, client, done) as it came
type ConnectCallback = (...args: any[]) => void;

const pools = new Map<DatabaseRole | undefined, typeof pg.Pool>();

/**
 * The pg.Pool class while tracing is on: a connect callback runs in the
 * context of the caller that asked for the connection. pg-pool calls a
 * waiting one from the query that released a client, in that query's
 * context; the pg instrumentation binds it only under a span, and an
 * unsampled request's statements run under none (withoutUnsampledSpan), so
 * without this its statements could join another request's trace. Under a
 * span, the connect runs with the pool's `role` in its context, so its
 * pg-pool.connect span says which server it waited for (tagDatabaseRole, as
 * the connection hook). pg's own Pool when tracing is off.
 */
export function contextKeepingPool(role?: DatabaseRole): typeof pg.Pool {
  if (!tracingOn()) return pg.Pool;
  let pool = pools.get(role);
  if (!pool) {
    pool = class ContextKeepingPool extends pg.Pool {
      // connect() without a callback returns a promise, whose continuation already keeps its caller's context.
      override connect(callback?: ConnectCallback): never {
        const connect = super.connect as (callback?: ConnectCallback) => never;
        const active = context.active();
        const bound = callback && context.bind(active, callback);
        if (!role || !trace.getSpan(active)) return connect.call(this, bound);
        return context.with(contextWithRole(active, role), () => connect.call(this, bound));
      }
    } as typeof pg.Pool;
    pools.set(role, pool);
  }
  return pool;
}
