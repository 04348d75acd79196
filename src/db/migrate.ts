import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";

// Any constant shared by every process: several starting at once take turns.
const migrationLockId = 4_242_001;

/** Applies the drizzle/ migrations not yet applied, once even with many processes starting. */
export async function applyMigrations(databaseUrl: string, migrationsFolder: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [migrationLockId]);
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.query("select pg_advisory_unlock($1)", [migrationLockId]).catch(() => undefined);
    await client.end();
  }
}
