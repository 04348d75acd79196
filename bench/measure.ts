import { type ContenderName, type RunningContender } from "./contenders";
import { type LoadResult } from "./load/load";
import { runLoad } from "./load/run-load";
import { type BenchOptions } from "./options";
import { type QueryName, graphqlRequest } from "./queries";

export interface Run extends LoadResult {
  round: number;
  query: QueryName;
  contender: ContenderName;
}

const formatRun = (run: Run): string =>
  `round ${run.round} ${run.query.padEnd(6)} ${run.contender.padEnd(9)} ${Math.round(run.requestsPerSecond).toString().padStart(6)} req/s  p50 ${run.p50Ms} ms  p99 ${run.p99Ms} ms${run.failed ? `  FAILED ${run.failed}` : ""}`;

/**
 * Rounds of A B C for each query: every contender is measured once per
 * round, right after a warm-up of its own, so a neighbour's load on the
 * machine falls on all of them alike.
 */
export async function measureRounds(running: Map<ContenderName, RunningContender>, options: BenchOptions, token: string): Promise<Run[]> {
  const runs: Run[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    for (const query of options.queries) {
      for (const [contender, server] of running) {
        const load = { request: graphqlRequest(server.url, query, token), connections: options.connections };
        await runLoad({ ...load, durationSeconds: options.warmUpSeconds });
        const run: Run = { round, query, contender, ...(await runLoad({ ...load, durationSeconds: options.durationSeconds })) };
        console.log(formatRun(run));
        runs.push(run);
      }
    }
  }
  return runs;
}
