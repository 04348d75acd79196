import { readFileSync } from "node:fs";

/** Linux counts a process's CPU time in clock ticks, 100 a second. */
const ticksPerSecond = 100;

/**
 * CPU seconds (user + system) process `pid` has used so far, from
 * /proc/<pid>/stat; undefined where there is no /proc (not Linux) or the
 * process is gone.
 */
export function processCpuSeconds(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // After the command name, which may hold spaces and parentheses: utime and stime are the 12th and 13th fields.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}
