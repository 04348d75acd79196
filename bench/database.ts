import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import pino from "pino";
import { drizzleFor } from "../src/cli/demo-data";
import { projectRoot } from "../src/config";
import { startEmbeddedPostgres } from "../src/db/embedded-postgres";
import { applyMigrations } from "../src/db/migrate";
import { type SeedSize, seed } from "../src/cli/seed-data";
import { freePort } from "../test/support/free-port";

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

async function onServer(serverUrl: string): Promise<BenchDatabase> {
  const name = `skein_bench_${process.pid}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => admin(`drop database if exists ${name} with (force)`) };
}

async function embedded(): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "skein-bench-pg-"));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as another user and must reach its folder.
  const server = await startEmbeddedPostgres(dataDir, await freePort(), pino({ level: "warn" }));
  return {
    url: server.url,
    drop: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh, migrated, seeded database: on DATABASE_URL's server when set, else an embedded one. */
export async function seededDatabase(size: SeedSize): Promise<BenchDatabase> {
  const database = process.env.DATABASE_URL ? await onServer(process.env.DATABASE_URL) : await embedded();
  await applyMigrations(database.url, path.join(projectRoot, "drizzle"));
  const db = drizzleFor(database.url);
  await seed(db, size).finally(() => db.$client.end());
  return database;
}
