import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { projectRoot } from "../../src/config";
import { applyMigrations } from "../../src/db/migrate";

export interface TestDatabase {
  url: string;
  /** Runs SQL directly, to arrange or check rows. */
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<Row[]>;
  drop(): Promise<void>;
}

function baseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set: run the tests with `npm test`");
  return url;
}

async function asAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function connectionsTo(client: pg.Client, database: string): Promise<number> {
  const result = await client.query("select count(*)::int as n from pg_stat_activity where datname = $1", [database]);
  return result.rows[0].n;
}

/** A new database of its own (migrated unless told not to), so test files never see each other's rows. */
export async function createTestDatabase({ migrate = true } = {}): Promise<TestDatabase> {
  const name = `skein_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await asAdmin((client) => client.query(`create database ${name}`));
  const url = new URL(baseUrl());
  url.pathname = `/${name}`;
  if (migrate) await applyMigrations(url.href, path.join(projectRoot, "drizzle"));
  const pool = new pg.Pool({ connectionString: url.href, max: 2 });
  return {
    url: url.href,
    query: async (text, values) => (await pool.query(text, values)).rows,
    drop: async () => {
      await pool.end();
      await asAdmin(async (client) => {
        // Under load a stopped server's last connections may take a moment to close; forcing
        // them closed would reach whichever library still holds one as an uncaught error.
        for (let attempt = 0; attempt < 50 && (await connectionsTo(client, name)) > 0; attempt++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await client.query(`drop database if exists ${name} with (force)`);
      });
    },
  };
}
