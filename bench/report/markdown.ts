import { type SummaryRow } from "./summary";

const whole = (value: number): string => Math.round(value).toLocaleString("en-US");
const twoDecimals = (value: number): string => value.toFixed(2);

function paired({ pairedWithSkein }: SummaryRow): string {
  if (!pairedWithSkein) return "";
  const { rps, rpsInterval, cpu } = pairedWithSkein;
  return `${twoDecimals(rps)} (${rpsInterval.map(twoDecimals).join("–")}), ${cpu === null ? "–" : twoDecimals(cpu)}`;
}

/**
 * The results table as the README shows it; a failed-requests column appears only when some failed, and
 * Skein B's round-by-round ratios to Skein only when it ran.
 */
export function markdownTable(rows: SummaryRow[]): string {
  const withFailures = rows.some((row) => row.failed > 0);
  const withSkeinB = rows.some((row) => row.pairedWithSkein);
  const header = [
    "query",
    "server",
    "median req/s",
    "min",
    "max",
    "p50 ms",
    "p99 ms",
    "server CPU ms / request",
    "SQL / request",
    "ratio to baseline",
    ...(withSkeinB ? ["to Skein, median of rounds: req/s (95% interval), CPU"] : []),
    ...(withFailures ? ["failed requests"] : []),
  ];
  const align = ["---", "---", ...header.slice(2).map(() => "---:")];
  const lines = rows.map((row) => [
    row.query,
    row.contender === "skein" ? `**${row.label}**` : row.label,
    whole(row.medianRps),
    whole(row.minRps),
    whole(row.maxRps),
    String(row.p50Ms),
    String(row.p99Ms),
    row.cpuMsPerRequest === null ? "–" : row.cpuMsPerRequest.toPrecision(3),
    twoDecimals(row.statementsPerRequest),
    row.ratio === null ? "–" : twoDecimals(row.ratio),
    ...(withSkeinB ? [paired(row)] : []),
    ...(withFailures ? [String(row.failed)] : []),
  ]);
  return [header, align, ...lines].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}
