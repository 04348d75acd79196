import { type ContenderName, type RunningContender } from "./contenders";
import { type LoadResult } from "./load/load";
import { runLoad } from "./load/run-load";
import { type BenchOptions } from "./options";
import { processCpuSeconds } from "./process-cpu";
import { type TimeWindow } from "./profile/top-functions";
import { type QueryName, graphqlRequest } from "./queries";

export interface Run extends LoadResult {
  round: number;
  query: QueryName;
  contender: ContenderName;
  /** When the measured run (not its warm-up) went on, in monotonic microseconds: a profile's samples are matched to it. */
  window: TimeWindow;
  /** The server process's CPU time (user + system) during the measured run, over the requests it answered; undefined without /proc. */
  cpuMsPerRequest?: number;
}

/** Monotonic microseconds, the clock a .cpuprofile's timestamps use. */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

const formatRun = (run: Run): string =>
  `round ${run.round} ${run.query.padEnd(6)} ${run.contender.padEnd(9)} ${Math.round(run.requestsPerSecond).toString().padStart(6)} req/s  p50 ${run.p50Ms} ms  p99 ${run.p99Ms} ms` +
  `${run.cpuMsPerRequest === undefined ? "" : `  cpu ${run.cpuMsPerRequest.toPrecision(3)} ms/req`}${run.failed ? `  FAILED ${run.failed}` : ""}`;

/** CPU milliseconds per request between two readings of processCpuSeconds. */
function cpuMsPerRequest(before: number | undefined, after: number | undefined, requests: number): number | undefined {
  return before === undefined || after === undefined || requests === 0 ? undefined : ((after - before) * 1_000) / requests;
}

/**
 * Rounds of A B C for each query: every contender is measured once per
 * round, right after a warm-up of its own, so a neighbour's load on the
 * machine falls on all of them alike. The order turns each round (A B C,
 * then B C A, then C A B), so going first or last falls on each alike too.
 * Rounds are numbered from `firstRound`: a later fork's continue the count.
 * Besides throughput, each run reads the server's CPU time per request,
 * which a busy neighbour disturbs less.
 */
export async function measureRounds(running: Map<ContenderName, RunningContender>, options: BenchOptions, token: string, firstRound = 1): Promise<Run[]> {
  const runs: Run[] = [];
  const contenders = [...running];
  for (let round = firstRound; round < firstRound + options.rounds; round++) {
    const turn = (round - 1) % contenders.length;
    const order = [...contenders.slice(turn), ...contenders.slice(0, turn)];
    for (const query of options.queries) {
      for (const [contender, server] of order) {
        const load = { request: graphqlRequest(server.url, query, token, server.form), connections: options.connections };
        await runLoad({ ...load, durationSeconds: options.warmUpSeconds });
        const fromUs = monotonicUs();
        const cpuBefore = processCpuSeconds(server.pid);
        const result = await runLoad({ ...load, durationSeconds: options.durationSeconds });
        const cpu = cpuMsPerRequest(cpuBefore, processCpuSeconds(server.pid), result.requests);
        const run: Run = { round, query, contender, ...result, window: { fromUs, toUs: monotonicUs() }, cpuMsPerRequest: cpu };
        console.log(formatRun(run));
        runs.push(run);
      }
    }
  }
  return runs;
}
