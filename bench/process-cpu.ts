import { readFileSync } from "node:fs";

/** Linux counts a process's CPU time in clock ticks, 100 a second. */
export const ticksPerSecond = 100;

/** A process's /proc/<pid>/stat: its command name, and the fields after it (the 2nd after the name is the parent's pid). */
export interface ProcessStat {
  comm: string;
  fields: string[];
}

/** /proc/<pid>/stat read and split; undefined where there is no /proc (not Linux) or the process is gone. */
export function processStat(pid: number | string): ProcessStat | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name may hold spaces and parentheses: the fields start after its last ")".
  return { comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), fields: stat.slice(stat.lastIndexOf(")") + 2).split(" ") };
}

/** The process's CPU ticks so far, user + system (utime and stime, the 12th and 13th fields after the name). */
export const cpuTicksOf = ({ fields }: ProcessStat): number => Number(fields[11]) + Number(fields[12]);

/** CPU seconds (user + system) process `pid` has used so far; undefined where processStat cannot tell. */
export function processCpuSeconds(pid: number): number | undefined {
  const stat = processStat(pid);
  return stat && cpuTicksOf(stat) / ticksPerSecond;
}
