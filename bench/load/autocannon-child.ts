import autocannon from "autocannon";
import { type LoadOptions, type LoadResult } from "./load";

/**
 * One autocannon run in a process of its own (forked by run-load.ts), so
 * the load generator shares no event loop with the bench or a server.
 */
process.once("message", (options: LoadOptions) => {
  autocannon({
    url: options.request.url,
    method: "POST",
    headers: options.request.headers,
    body: options.request.body,
    connections: options.connections,
    duration: options.durationSeconds,
  }).then(
    (result) => {
      const summary: LoadResult = {
        requestsPerSecond: result.requests.average,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        requests: result.requests.total,
        failed: result.non2xx + result.errors + result.timeouts,
      };
      process.send!(summary, () => process.exit(0));
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
