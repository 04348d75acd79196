// First: the instrumentations must be in place before pg, ioredis and node:http load.
import "./infra/tracing/worker-process";
import "reflect-metadata";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, loadDotEnv } from "./config";
import { Database } from "./db/database";
import { embeddedStopTimeoutMs, openPrimaryDatabase } from "./db/primary-url";
import { createLogger, wantsPrettyLogs } from "./infra/logger";
import { createMetrics } from "./infra/metrics";
import { listenForMetrics, registrySource } from "./infra/metrics-endpoint";
import { Shutdown, exitOnShutdownSignals, flushLogs } from "./infra/shutdown";
import { features } from "./features";
import { warnWithoutAsyncContextFrame } from "./infra/tracing/context-frame";
import { stopTracing } from "./infra/tracing/start";
import { tracingOn } from "./infra/tracing/state";
import { checkFeatureList } from "./modules/feature-module";
import { startJobs } from "./modules/jobs";
import { runEntryPoint } from "./config/run-entry-point";

/** `npm run worker [-- --concurrency N]`: runs jobs, apart from the API so each scales on its own. */
async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: { concurrency: { type: "string" } } });
  loadDotEnv();
  const config = loadConfig(process.env, features);
  checkFeatureList(features);
  const logger = createLogger({ level: config.logLevel, pretty: wantsPrettyLogs(config.env) });
  if (tracingOn()) warnWithoutAsyncContextFrame(logger);
  const concurrency = args.concurrency === undefined ? undefined : Number(args.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) {
    throw new ConfigError(["--concurrency: must be a positive integer"]);
  }

  const primary = await openPrimaryDatabase(config, logger);
  const metrics = createMetrics(features);
  const database = new Database({ primaryUrl: primary.url, replicaUrls: config.db.replicaUrls, config: config.db, metrics, logger, name: "jobs" });
  const jobs = await startJobs({ config, database, databaseUrl: primary.url, logger, metrics, redis: undefined, features }, { concurrency });
  const metricsListener =
    config.metricsPort === undefined ? undefined : await listenForMetrics(config.metricsPort, config.host, registrySource(metrics.registry), logger);

  const shutdown = new Shutdown(logger)
    .add("metrics-server", () => metricsListener?.close())
    // A running job gets the bound a request gets; one still running after it is handed back when its lock lapses.
    .add("features", () => jobs.close(), config.shutdown.timeoutMs + 1_000)
    .add("database", () => database.close());
  if (primary.embedded) shutdown.add("embedded-postgres", () => primary.embedded?.close(), embeddedStopTimeoutMs);
  if (tracingOn()) shutdown.add("traces", stopTracing);
  shutdown.add("logs", () => flushLogs(logger));
  exitOnShutdownSignals(logger, () => shutdown.run());
  logger.info({ concurrency: concurrency ?? config.jobs.concurrency, metricsPort: config.metricsPort }, "worker is running");
  // Out now, not with the next batch of lines (see main.ts).
  logger.flush();
}

runEntryPoint(main);
