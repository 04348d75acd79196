// CPU time of the servers a job bench talks to, so CPU per job covers them
// too: on a 2-core machine PostgreSQL and Redis take their share of the
// same cores as the API and the workers.
import { Redis } from "ioredis";
import type pg from "pg";
import { cpuTicksOf, processStat, ticksPerSecond } from "../process-cpu";

/**
 * The pid of the PostgreSQL server's postmaster, when it runs on this
 * machine: the parent of the backend serving `database`. Found by process
 * tree, not by command line: a server started from its config file (the
 * Debian packages' way) has no `-p` to match. Undefined when that pid is no
 * PostgreSQL process here (a remote server or another pid namespace).
 */
export async function postmasterPid(database: pg.Pool): Promise<string | undefined> {
  const { rows } = await database.query<{ pid: number }>("select pg_backend_pid() as pid");
  const backend = processStat(String(rows[0].pid));
  if (backend?.comm !== "postgres") return undefined;
  return processStat(backend.fields[1])?.comm === "postgres" ? backend.fields[1] : undefined;
}

/** The bench's own connections name themselves so; their queries are the client's work, not the server's. */
export const benchClientApplicationName = "skein-bench-client";

/** CPU ticks (user + system) of each PostgreSQL process that works for the bench, by pid. */
export type PostgresCpuSnapshot = Map<string, number>;

/**
 * CPU ticks so far of the PostgreSQL processes that work for the bench,
 * when the server runs on this machine: the backends of `database`'s own
 * database (the API's, the workers' and their LISTEN connections, not the
 * bench's client) and the server's shared processes (WAL writer,
 * checkpointer...). Other databases' backends are left out: on a shared
 * server they are other programs' work (a test suite, another bench).
 * Undefined without a local postmaster.
 */
export async function postgresCpuSnapshot(database: pg.Pool, postmaster: string | undefined): Promise<PostgresCpuSnapshot | undefined> {
  if (postmaster === undefined) return undefined;
  const { rows } = await database.query<{ pid: number }>(
    "select pid from pg_stat_activity where (datname = current_database() and application_name <> $1) or datname is null",
    [benchClientApplicationName],
  );
  const snapshot: PostgresCpuSnapshot = new Map();
  for (const { pid } of rows) {
    const stat = processStat(String(pid));
    if (stat?.comm === "postgres" && stat.fields[1] === postmaster) snapshot.set(String(pid), cpuTicksOf(stat));
  }
  return snapshot;
}

/**
 * CPU seconds between two snapshots: a process new in `after` counts from
 * its start (it started in between); one gone by then counts nothing (a
 * pool's idle connection that closed).
 */
export function postgresCpuSecondsBetween(before: PostgresCpuSnapshot, after: PostgresCpuSnapshot): number {
  let ticks = 0;
  for (const [pid, used] of after) ticks += used - (before.get(pid) ?? 0);
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
