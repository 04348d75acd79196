import "reflect-metadata";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, loadDotEnv } from "../config";
import { applyMigrations } from "../db/migrate";
import { openPrimaryDatabase } from "../db/primary-url";
import { seed } from "./seed-data";
import { createLogger } from "../infra/logger";
import { drizzleFor } from "./demo-data";
import { runEntryPoint } from "../config/run-entry-point";
import { features } from "../features";

function positiveInteger(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 0) throw new ConfigError([`${flag}: must be a whole number, got "${value}"`]);
  return number;
}

/** `npm run db:seed -- --users N --items-per-user M`: deterministic bulk data. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { users: { type: "string", default: "100" }, "items-per-user": { type: "string", default: "10" } },
  });
  const size = {
    users: positiveInteger(values.users, "--users"),
    itemsPerUser: positiveInteger(values["items-per-user"], "--items-per-user"),
  };
  loadDotEnv();
  const config = loadConfig(process.env, features);
  const logger = createLogger({ level: config.logLevel, pretty: false });
  const primary = await openPrimaryDatabase(config, logger);
  const db = drizzleFor(primary.url);
  try {
    await applyMigrations(primary.url, config.db.migrationsDir);
    const startedAt = performance.now();
    const added = await seed(db, size);
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    console.log(`seeded ${added.users} users and ${added.items} items in ${seconds} s`);
  } finally {
    await db.$client.end();
    await primary.embedded?.close();
  }
}

runEntryPoint(main);
