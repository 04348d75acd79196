import { execFile } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { projectRoot } from "../../src/config";
import { applyMigrations } from "../../src/db/migrate";
import { freePort } from "./free-port";

const run = promisify(execFile);
const binaries = process.env.TEST_PG_BIN ?? "/usr/lib/postgresql/15/bin";
const database = "skein";

/** PostgreSQL refuses to run as root: as root, every server command runs as the postgres user. */
const asRoot = process.getuid?.() === 0;

async function pgCommand(tool: string, args: string[]): Promise<void> {
  const command = path.join(binaries, tool);
  if (asRoot) await run("runuser", ["-u", "postgres", "--", command, ...args]);
  else await run(command, args);
}

/** Settings both servers start with; the replica copies the rest from its base backup. */
const serverSettings = [
  "listen_addresses=127.0.0.1",
  "wal_level=replica",
  "max_wal_senders=5",
  "hot_standby=on",
  "wal_receiver_status_interval=1",
  "shared_preload_libraries=pg_stat_statements",
  "fsync=off",
  "shared_buffers=16MB",
  "max_connections=60",
];

/** One server of the cluster: its data folder, port, and a way to stop and start it again. */
export class TestPostgres {
  /** Set by kill: the postmaster.pid left behind names a pid the system may since have given another process. */
  private killed = false;

  constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const options = [`-p ${this.port}`, `-k ${this.dataDir}`, ...serverSettings.map((setting) => `-c ${setting}`)].join(" ");
    await pgCommand("pg_ctl", ["start", "-w", "-t", "60", "-D", this.dataDir, "-l", path.join(this.dataDir, "server.log"), "-o", options]);
    this.killed = false;
  }

  /**
   * Fast shutdown: sessions are cut, as when a host goes away. Nothing to do
   * after kill: pg_ctl would send SIGINT to the pid in the dead server's
   * postmaster.pid, by then perhaps another process's (a Skein API of
   * another test file would shut down).
   */
  async stop(): Promise<void> {
    if (this.killed) return;
    await pgCommand("pg_ctl", ["stop", "-w", "-t", "60", "-m", "fast", "-D", this.dataDir]).catch(() => undefined);
  }

  /** Ends recovery: a standby becomes a primary that takes writes, on a timeline of its own. */
  async promote(): Promise<void> {
    await pgCommand("pg_ctl", ["promote", "-w", "-t", "60", "-D", this.dataDir]);
  }

  /** SIGKILL to the postmaster, as when its host dies: no shutdown, sessions see their sockets close. */
  kill(): void {
    const [pid] = readFileSync(path.join(this.dataDir, "postmaster.pid"), "utf8").split("\n");
    process.kill(Number(pid), "SIGKILL");
    this.killed = true;
  }

  /** Runs one statement on this server (its own connection each time), in the `skein` database unless told. */
  async query<Row extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[], db = database): Promise<Row[]> {
    const client = new pg.Client({ connectionString: this.url.replace(/[^/]+$/, db), connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      return (await client.query<Row>(text, values)).rows;
    } finally {
      await client.end();
    }
  }
}

/** A primary and a streaming replica of it (pg_basebackup -R), each with a data folder and port of its own. */
export interface ReplicaCluster {
  primary: TestPostgres;
  replica: TestPostgres;
  /** Resolves once the replica has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

function postgresIds(): { uid: number; gid: number } {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("postgres:"));
  if (!line) throw new Error("running as root needs a postgres user to run PostgreSQL as");
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/** An empty folder the server's user owns. */
async function dataDirFor(role: string): Promise<TestPostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), `skein-${role}-`));
  chmodSync(dir, 0o700);
  if (asRoot) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  return new TestPostgres(dir, await freePort());
}

async function initPrimary(primary: TestPostgres): Promise<void> {
  await pgCommand("initdb", ["-D", primary.dataDir, "-U", "postgres", "--auth=trust", "--no-sync"]);
  await primary.start();
  await primary.query(`create database ${database}`, [], "postgres");
  await primary.query("create extension pg_stat_statements");
  await applyMigrations(primary.url, path.join(projectRoot, "drizzle"));
}

async function initReplica(primary: TestPostgres, replica: TestPostgres): Promise<void> {
  await pgCommand("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres", "-D", replica.dataDir, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"]);
  await replica.start();
}

/** Starts a fresh primary (migrated) and a streaming replica of it on free ports; `stop` removes both. */
export async function startReplicaCluster(): Promise<ReplicaCluster> {
  const primary = await dataDirFor("primary");
  await initPrimary(primary).catch(async (error: unknown) => {
    await primary.stop();
    rmSync(primary.dataDir, { recursive: true, force: true });
    throw error;
  });
  const replica = await dataDirFor("replica");
  await initReplica(primary, replica).catch(async (error: unknown) => {
    for (const server of [replica, primary]) {
      await server.stop();
      rmSync(server.dataDir, { recursive: true, force: true });
    }
    throw error;
  });
  const caughtUp = async () => {
    const [{ lsn }] = await primary.query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn");
    for (let attempt = 0; attempt < 300; attempt++) {
      const [{ done }] = await replica.query<{ done: boolean }>("select coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) as done", [lsn]);
      if (done) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the replica did not replay up to ${lsn} within 15 s`);
  };
  return {
    primary,
    replica,
    caughtUp,
    stop: async () => {
      await replica.stop();
      await primary.stop();
      rmSync(replica.dataDir, { recursive: true, force: true });
      rmSync(primary.dataDir, { recursive: true, force: true });
    },
  };
}
