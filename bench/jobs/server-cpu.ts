// CPU time of the servers a job bench talks to, so CPU per job covers them
// too: on a 2-core machine PostgreSQL and Redis take their share of the
// same cores as the API and the workers.
import { readFileSync, readdirSync } from "node:fs";
import { Redis } from "ioredis";
import type pg from "pg";

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
 * The pid of the PostgreSQL server's postmaster, when it runs on this
 * machine: the parent of the backend serving `database`. Found by process
 * tree, not by command line: a server started from its config file (the
 * Debian packages' way) has no `-p` to match. Undefined when that pid is no
 * PostgreSQL process here (a remote server or another pid namespace).
 */
export async function postmasterPid(database: pg.Pool): Promise<string | undefined> {
  const { rows } = await database.query<{ pid: number }>("select pg_backend_pid() as pid");
  const backend = statFields(String(rows[0].pid));
  if (backend?.comm !== "postgres") return undefined;
  return statFields(backend.fields[1])?.comm === "postgres" ? backend.fields[1] : undefined;
}

/**
 * CPU seconds used so far by the PostgreSQL server whose postmaster is
 * `postmaster` (Linux): the postmaster, its live children (backends, WAL
 * writer...) and the children it has reaped. Undefined without one.
 */
export function postgresCpuSeconds(postmaster: string | undefined): number | undefined {
  const own = postmaster === undefined ? undefined : statFields(postmaster)?.fields;
  if (!own) return undefined;
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    const stat = statFields(pid);
    if (stat?.comm === "postgres" && stat.fields[1] === postmaster) ticks += Number(stat.fields[11]) + Number(stat.fields[12]);
  }
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
