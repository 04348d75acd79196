import "reflect-metadata";
import { loadConfig, loadDotEnv } from "../config";
import { applyMigrations } from "../db/migrate";
import { openPrimaryDatabase } from "../db/primary-url";
import { createLogger } from "../infra/logger";
import { runEntryPoint } from "../config/run-entry-point";
import { features } from "../features";

/** `npm run db:migrate`: applies drizzle/ to DATABASE_URL (or the embedded database). */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig(process.env, features);
  const logger = createLogger({ level: config.logLevel, pretty: false });
  const primary = await openPrimaryDatabase(config, logger);
  try {
    await applyMigrations(primary.url, config.db.migrationsDir);
    console.log("migrations applied");
  } finally {
    await primary.embedded?.close();
  }
}

runEntryPoint(main);
