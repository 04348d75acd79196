import { type ContenderName } from "../contenders";
import { type Run } from "../measure";
import { type QueryName } from "../queries";
import { medianInterval } from "./bootstrap";
import { median } from "./median";

export interface SummaryRow {
  query: QueryName;
  contender: ContenderName;
  label: string;
  medianRps: number;
  minRps: number;
  maxRps: number;
  /** Medians over the rounds. */
  p50Ms: number;
  p99Ms: number;
  statementsPerRequest: number;
  /** Median over the rounds of the server's CPU ms per request; null where it could not be read. */
  cpuMsPerRequest: number | null;
  /** Median req/s over the baseline's; null when the baseline did not run. */
  ratio: number | null;
  /**
   * Skein B's row only: the median over the rounds of its req/s over Skein's in the same round (with its
   * 95% bootstrap interval), and of Skein's CPU ms per request over its own (above 1: B costs less), so a
   * slow round counts against both.
   */
  pairedWithSkein: { rps: number; rpsInterval: [number, number]; cpu: number | null } | null;
  failed: number;
}

function cpuMedian(runs: Run[]): number | null {
  const measured = runs.flatMap((run) => (run.cpuMsPerRequest === undefined ? [] : [run.cpuMsPerRequest]));
  return measured.length > 0 ? median(measured) : null;
}

export interface SummaryInput {
  runs: Run[];
  queries: QueryName[];
  contenders: Array<{ name: ContenderName; label: string }>;
  statements: (query: QueryName, contender: ContenderName) => number;
}

/** Skein B's rounds each set beside Skein's of the same round (see SummaryRow.pairedWithSkein). */
function pairedWithSkein(mine: Run[], skeins: Run[]): SummaryRow["pairedWithSkein"] {
  const pairs = mine.flatMap((run) => {
    const skein = skeins.find((other) => other.round === run.round);
    return skein ? [{ run, skein }] : [];
  });
  if (pairs.length === 0) return null;
  const cpu = pairs.flatMap(({ run, skein }) => (run.cpuMsPerRequest && skein.cpuMsPerRequest ? [skein.cpuMsPerRequest / run.cpuMsPerRequest] : []));
  const rps = pairs.map(({ run, skein }) => run.requestsPerSecond / skein.requestsPerSecond);
  return { rps: median(rps), rpsInterval: medianInterval(rps), cpu: cpu.length > 0 ? median(cpu) : null };
}

/** One row per query and contender, in the order they ran. */
export function summarize({ runs, queries, contenders, statements }: SummaryInput): SummaryRow[] {
  return queries.flatMap((query) => {
    const runsOf = (contender: ContenderName) => runs.filter((run) => run.query === query && run.contender === contender);
    const baselineRuns = runsOf("baseline");
    const baselineMedian = baselineRuns.length > 0 ? median(baselineRuns.map((run) => run.requestsPerSecond)) : null;
    return contenders.map(({ name, label }) => {
      const mine = runsOf(name);
      const rps = mine.map((run) => run.requestsPerSecond);
      const medianRps = median(rps);
      return {
        query,
        contender: name,
        label,
        medianRps,
        minRps: Math.min(...rps),
        maxRps: Math.max(...rps),
        p50Ms: median(mine.map((run) => run.p50Ms)),
        p99Ms: median(mine.map((run) => run.p99Ms)),
        statementsPerRequest: statements(query, name),
        cpuMsPerRequest: cpuMedian(mine),
        ratio: baselineMedian ? medianRps / baselineMedian : null,
        pairedWithSkein: name === "skein-b" ? pairedWithSkein(mine, runsOf("skein")) : null,
        failed: mine.reduce((sum, run) => sum + run.failed, 0),
      };
    });
  });
}
