import "reflect-metadata";
import { parseArgs } from "node:util";
import { createApp } from "./app";
import { ConfigError, loadConfig, loadDotEnv } from "./config";
import { applyMigrations } from "./db/migrate";
import { openPrimaryDatabase } from "./db/primary-url";
import { drizzleFor, seedDemoDataIfEmpty } from "./cli/demo-data";
import { createLogger, wantsPrettyLogs } from "./infra/logger";

async function main(): Promise<void> {
  const startedAt = performance.now();
  const { values: args } = parseArgs({ options: { migrate: { type: "boolean", default: false } } });
  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, pretty: wantsPrettyLogs(config.env) });

  const primary = await openPrimaryDatabase(config, logger);
  // The embedded default always migrates and seeds: one command gives a working server.
  if (args.migrate || !config.db.primaryUrl) await applyMigrations(primary.url, config.db.migrationsDir);
  if (!config.db.primaryUrl) await seedDemoDataIfEmpty(drizzleFor(primary.url), logger);

  const app = await createApp({ config, logger, databaseUrl: primary.url });
  const url = await app.start();
  logger.info({ url: `${url}/graphql`, startupMs: Math.round(performance.now() - startedAt) }, "Skein is serving");

  const shutdown = async (signal: string) => {
    logger.info({ signal }, "shutting down");
    await app.stop();
    await primary.embedded?.stop();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) console.error(`config: ${problem}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
