import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { SourceLocations } from "./source-location";

/** The parts of a V8 .cpuprofile (what `node --cpu-prof` writes) that self time needs. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }>;
  /** Microseconds of the system's monotonic clock, the one process.hrtime reads. */
  startTime: number;
  endTime: number;
  /** The node id on top of the stack at each sample. */
  samples: number[];
  /** Microseconds since the previous sample (the first: since startTime). */
  timeDeltas: number[];
}

/** A stretch of time, in monotonic microseconds (process.hrtime.bigint() / 1000). */
export interface TimeWindow {
  fromUs: number;
  toUs: number;
}

export interface FunctionTime {
  name: string;
  /** file:line (1-based): a .ts file of the project, or a package's file. */
  where: string;
  selfMs: number;
  /** Of the busy time: samples outside "(idle)". */
  percent: number;
}

/** How many samples fell on each node, counting only those inside `windows` (all when none are given). */
function samplesPerNode(profile: CpuProfile, windows: TimeWindow[]): Map<number, number> {
  const counts = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((node, index) => {
    at += profile.timeDeltas[index];
    if (windows.length === 0 || windows.some((window) => at >= window.fromUs && at <= window.toUs)) {
      counts.set(node, (counts.get(node) ?? 0) + 1);
    }
  });
  return counts;
}

/**
 * Self time per function: the samples on each node times the mean sampling
 * interval, added up over the nodes of one function (name + url:line).
 * Only samples inside `windows` count, so start-up and the other contenders'
 * turns are left out; so is "(idle)", time the process waited, not spent.
 */
export function topFunctions(profile: CpuProfile, root: string, limit: number, windows: TimeWindow[] = []): FunctionTime[] {
  const intervalMs = (profile.endTime - profile.startTime) / 1000 / Math.max(profile.samples.length, 1);
  const counts = samplesPerNode(profile, windows);
  const totals = new Map<string, FunctionTime>();
  const locations = new SourceLocations(root);
  for (const { id, callFrame } of profile.nodes) {
    const samples = counts.get(id) ?? 0;
    if (callFrame.functionName === "(idle)" || samples === 0) continue;
    const where = callFrame.url ? locations.of(callFrame.url, callFrame.lineNumber, callFrame.columnNumber) : "";
    const name = callFrame.functionName || "(anonymous)";
    const key = `${name} ${where}`;
    const entry = totals.get(key) ?? { name, where, selfMs: 0, percent: 0 };
    entry.selfMs += samples * intervalMs;
    totals.set(key, entry);
  }
  const busyMs = [...totals.values()].reduce((sum, entry) => sum + entry.selfMs, 0);
  return [...totals.values()]
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, limit)
    .map((entry) => ({ ...entry, percent: (100 * entry.selfMs) / busyMs }));
}

/** The profile `node --cpu-prof` wrote for this pid (its file name carries the pid). */
export function readProfileOf(dir: string, pid: number): CpuProfile {
  const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile") && name.split(".").includes(String(pid)));
  if (!file) throw new Error(`no .cpuprofile for pid ${pid} in ${dir}`);
  return JSON.parse(readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
}

export function formatTopFunctions(functions: FunctionTime[]): string {
  const rows = functions.map(
    (entry, index) => `| ${index + 1} | ${entry.selfMs.toFixed(0)} | ${entry.percent.toFixed(1)} | \`${entry.name}\` | ${entry.where} |`,
  );
  return ["| # | self ms | % of busy | function | where |", "|---:|---:|---:|---|---|", ...rows].join("\n");
}
