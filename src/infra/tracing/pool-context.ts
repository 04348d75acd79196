import { context } from "@opentelemetry/api";
import pg from "pg";
import { tracingOn } from "./state";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg-pool hands the callback (err, client, done) as it came
type ConnectCallback = (...args: any[]) => void;

let pool: typeof pg.Pool | undefined;

/**
 * The pg.Pool class while tracing is on: a connect callback runs in the
 * context of the caller that asked for the connection. pg-pool calls a
 * waiting one from the query that released a client, in that query's
 * context; the pg instrumentation binds it only under a span, and an
 * unsampled request's statements run under none (withoutUnsampledSpan), so
 * without this its statements could join another request's trace. pg's own
 * Pool when tracing is off.
 */
export function contextKeepingPool(): typeof pg.Pool {
  if (!tracingOn()) return pg.Pool;
  return (pool ??= class ContextKeepingPool extends pg.Pool {
    // connect() without a callback returns a promise, whose continuation already keeps its caller's context.
    override connect(callback?: ConnectCallback): never {
      const connect = super.connect as (callback?: ConnectCallback) => never;
      return connect.call(this, callback && context.bind(context.active(), callback));
    }
  } as typeof pg.Pool);
}
