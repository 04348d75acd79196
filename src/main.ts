// First: the instrumentations must be in place before pg, ioredis and node:http load.
import "./infra/tracing/api-process";
import "reflect-metadata";
import cluster from "node:cluster";
import { parseArgs } from "node:util";
import { type Logger } from "pino";
import { createApp } from "./app";
import { requirePortFree } from "./cluster/port-check";
import { startCluster } from "./cluster/primary";
import { type Config, loadConfig, loadDotEnv, requireJwtSecret } from "./config";
import { prepareDatabaseAtStart } from "./db/startup-check";
import { type PrimaryDatabase, embeddedStopTimeoutMs, openPrimaryDatabase } from "./db/primary-url";
import { drizzleFor, seedDemoDataIfEmpty } from "./cli/demo-data";
import { createLogger, wantsPrettyLogs } from "./infra/logger";
import { Shutdown, exitOnShutdownSignals, flushLogs } from "./infra/shutdown";
import { runEntryPoint } from "./config/run-entry-point";
import { features } from "./features";
import { warnWithoutAsyncContextFrame } from "./infra/tracing/context-frame";
import { stopTracing } from "./infra/tracing/start";
import { tracingOn } from "./infra/tracing/state";
import { checkFeatureList } from "./modules/feature-module";

/** One API process: the whole server, or one of a cluster's workers. */
async function serveApi(config: Config, logger: Logger, primary: PrimaryDatabase, startedAt: number): Promise<void> {
  const app = await createApp({ config, logger, databaseUrl: primary.url });
  if (primary.embedded) app.shutdown.add("embedded-postgres", () => primary.embedded?.close(), embeddedStopTimeoutMs);
  if (tracingOn()) app.shutdown.add("traces", stopTracing);
  app.shutdown.add("logs", () => flushLogs(logger));
  const url = await app.start();
  exitOnShutdownSignals(logger, () => app.stop());
  // A new frontend release's manifest, trusted without a restart.
  process.on("SIGHUP", () => app.reloadTrustedDocuments());
  logger.info({ url: `${url}/graphql`, startupMs: Math.round(performance.now() - startedAt) }, "Skein is serving");
  // Out now, not with the next batch of lines: whoever waits for it may send requests at once.
  logger.flush();
}

/** `--workers N`: the database is prepared once, here, then N API processes share the port. */
async function superviseCluster(config: Config, logger: Logger, primary: PrimaryDatabase): Promise<void> {
  await requirePortFree(config.host, config.port);
  // The embedded database's URL is a DATABASE_URL to the API processes: they get the secret this process signs with.
  const env = { DATABASE_URL: primary.url, JWT_SECRET: requireJwtSecret(config) };
  const workers = startCluster({ workers: config.workers, env, logger });
  // An API process may take its own readiness delay and drain; the primary waits that long, plus margin.
  const workersTimeoutMs = config.shutdown.delayMs + config.shutdown.timeoutMs + 15_000;
  const shutdown = new Shutdown(logger).add("api-processes", () => workers.close(workersTimeoutMs), workersTimeoutMs + 1_000);
  if (primary.embedded) shutdown.add("embedded-postgres", () => primary.embedded?.close(), embeddedStopTimeoutMs);
  shutdown.add("logs", () => flushLogs(logger));
  exitOnShutdownSignals(logger, () => shutdown.run());
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const { values: args } = parseArgs({ options: { migrate: { type: "boolean", default: false }, workers: { type: "string" } } });
  loadDotEnv();
  const config = loadConfig({ ...process.env, ...(args.workers !== undefined && { WORKERS: args.workers }) }, features);
  requireJwtSecret(config);
  // Before the embedded database starts: a feature list that cannot work stops here.
  checkFeatureList(features);
  const logger = createLogger({ level: config.logLevel, pretty: wantsPrettyLogs(config.env) });
  // Once per server: a cluster's API processes run on the same Node with the same flags.
  if (tracingOn() && !cluster.isWorker) warnWithoutAsyncContextFrame(logger);

  const primary = await openPrimaryDatabase(config, logger);
  // A cluster's API process gets the primary's DATABASE_URL, already migrated.
  if (cluster.isWorker) return serveApi(config, logger, primary, startedAt);

  // The embedded default always migrates and seeds: one command gives a working server.
  await prepareDatabaseAtStart(primary.url, config.db.migrationsDir, args.migrate || !config.db.primaryUrl);
  if (!config.db.primaryUrl) await seedDemoDataIfEmpty(drizzleFor(primary.url), logger);

  if (config.workers > 1) await superviseCluster(config, logger, primary);
  else await serveApi(config, logger, primary, startedAt);
}

runEntryPoint(main);
