import { readMigrationFiles } from "drizzle-orm/migrator";
import pg from "pg";
import { StartupError } from "../config";
import { applyMigrations } from "./migrate";

/** The URL with its password replaced, for a line an operator may paste anywhere. */
function maskedDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.href;
  } catch {
    return "(not a URL)";
  }
}

// What a failed first connection means to whoever set DATABASE_URL, by socket error code.
const socketProblems: Record<string, (host: string, port: string) => string> = {
  ECONNREFUSED: (host, port) => `nothing accepts connections at ${host}:${port}; is PostgreSQL running there?`,
  ENOTFOUND: (host) => `unknown host ${host}`,
  EAI_AGAIN: (host) => `the name ${host} could not be looked up (DNS did not answer)`,
  ETIMEDOUT: (host, port) => `${host}:${port} did not answer in time`,
  EHOSTUNREACH: (host) => `no route to host ${host}`,
};
// SQLSTATE classes a server answers a bad connection with: 28 authorization (no such role, wrong password), 3D no such database, 08 connection.
const connectionStates = /^(28|3D|08|57P03|53300)/;

/** One line for an error of the first connection to DATABASE_URL; undefined when it is something else. */
function connectionProblem(error: unknown, url: string): string | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== "string") return undefined;
  const { hostname, port } = new URL(url);
  const socketProblem = Object.hasOwn(socketProblems, code) ? socketProblems[code] : undefined;
  if (socketProblem) return socketProblem(hostname, port || "5432");
  return connectionStates.test(code) && typeof message === "string" ? message : undefined;
}

/** Migrations in `migrationsFolder` this database has not applied (drizzle's own rule: newer than the last applied). */
async function pendingMigrations(client: pg.Client, migrationsFolder: string): Promise<number> {
  const migrations = readMigrationFiles({ migrationsFolder });
  const applied = await client.query<{ created_at: string }>("select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1").catch((error: unknown) => {
    // 42P01 no such table, 3F000 no such schema: nothing was ever applied.
    if ((error as { code?: string }).code === "42P01" || (error as { code?: string }).code === "3F000") return { rows: [] };
    throw error;
  });
  const last = applied.rows[0] ? Number(applied.rows[0].created_at) : -Infinity;
  return migrations.filter((migration) => migration.folderMillis > last).length;
}

async function requireMigrated(databaseUrl: string, migrationsFolder: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const pending = await pendingMigrations(client, migrationsFolder);
    if (pending > 0) throw new StartupError(`DATABASE_URL (${maskedDatabaseUrl(databaseUrl)}) lacks ${pending} of this version's migrations: run with --migrate (or npm run db:migrate) first`);
  } finally {
    await client.end();
  }
}

/**
 * The first contact with the primary at start: applies pending migrations
 * (`migrate`), or refuses to serve a database that lacks some. A database
 * that cannot be reached, or refuses the role or the database name, is one
 * line naming DATABASE_URL without its password.
 */
export async function prepareDatabaseAtStart(databaseUrl: string, migrationsFolder: string, migrate: boolean): Promise<void> {
  try {
    await (migrate ? applyMigrations(databaseUrl, migrationsFolder) : requireMigrated(databaseUrl, migrationsFolder));
  } catch (error) {
    const problem = connectionProblem(error, databaseUrl);
    if (problem === undefined) throw error;
    throw new StartupError(`DATABASE_URL (${maskedDatabaseUrl(databaseUrl)}): ${problem}`, { cause: error });
  }
}
