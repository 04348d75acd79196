import "reflect-metadata";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, loadDotEnv } from "./config";
import { Database } from "./db/database";
import { openPrimaryDatabase } from "./db/primary-url";
import { createLogger, wantsPrettyLogs } from "./infra/logger";
import { createMetrics } from "./infra/metrics";
import { startJobSystem } from "./modules/jobs";
import { createWorkerRole } from "./worker-role";

/** `npm run worker [-- --concurrency N]`: runs jobs, apart from the API so each scales on its own. */
async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: { concurrency: { type: "string" } } });
  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, pretty: wantsPrettyLogs(config.env) });
  const concurrency = args.concurrency === undefined ? undefined : Number(args.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) {
    throw new ConfigError(["--concurrency: must be a positive integer"]);
  }
  if (!config.redisUrl) logger.warn("REDIS_URL is not set: job events stay in this process, so API subscribers will not see them");

  const primary = await openPrimaryDatabase(config, logger);
  const metrics = createMetrics();
  const database = new Database({ primaryUrl: primary.url, replicaUrls: config.db.replicaUrls, config: config.db, metrics, logger, name: "jobs" });
  const role = createWorkerRole({ config, database, logger, metrics, concurrency });
  const jobs = await startJobSystem({ config, database, databaseUrl: primary.url, logger, worker: role });
  logger.info({ concurrency: role.concurrency }, "worker is running");

  const shutdown = async (signal: string) => {
    logger.info({ signal }, "worker shutting down");
    await jobs.close();
    role.close();
    await database.close();
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
