// CPU time of the servers a job bench talks to, so CPU per job covers them
// too: on a 2-core machine PostgreSQL and Redis take their share of the
// same cores as the API and the workers.
import { readFileSync, readdirSync } from "node:fs";
import { Redis } from "ioredis";

const ticksPerSecond = 100;

/** The fields of /proc/<pid>/stat after the command name; undefined when the process is gone. */
function statFields(pid: string): { comm: string; fields: string[] } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return { comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), fields: stat.slice(stat.lastIndexOf(")") + 2).split(" ") };
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds used so far by the PostgreSQL server listening on `port`
 * (Linux): the postmaster, its live children (backends, WAL writer...) and
 * the children it has reaped. Undefined when no such server runs here.
 */
export function postgresCpuSeconds(port: number): number | undefined {
  const processes = readdirSync("/proc")
    .filter((pid) => /^\d+$/.test(pid))
    .map((pid) => ({ pid, stat: statFields(pid) }))
    .filter((entry) => entry.stat?.comm === "postgres");
  const postmaster = processes.find(({ pid }) => {
    const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return args.includes("-p") && args[args.indexOf("-p") + 1] === String(port);
  });
  if (!postmaster) return undefined;
  const own = postmaster.stat!.fields;
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const { stat } of processes) if (stat!.fields[1] === postmaster.pid) ticks += Number(stat!.fields[11]) + Number(stat!.fields[12]);
  return ticks / ticksPerSecond;
}

/** CPU seconds the Redis server at `url` has used since it started (INFO cpu: every client's work, not only this bench's). */
export async function redisCpuSeconds(url: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const info = await redis.info("cpu");
    const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(info)?.[1] ?? 0);
    return field("used_cpu_user") + field("used_cpu_sys");
  } finally {
    redis.disconnect();
  }
}
