import { type ApolloServer } from "@apollo/server";
import { type Server, createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { type Logger } from "pino";
import { type Config } from "./config";
import { Database } from "./db/database";
import { createApolloServer } from "./graphql/apollo";
import { type AppServices, type Context, type Hooks } from "./graphql/context";
import { buildAppSchema } from "./graphql/schema";
import { attachSubscriptions } from "./graphql/ws";
import { createHttpApp } from "./http/server";
import { type Metrics, createMetrics } from "./infra/metrics";
import { TokenService } from "./modules/auth";
import { addWelcomeEmailOnSignUp } from "./modules/email";
import { startJobSystem } from "./modules/jobs";
import { ReportLinks } from "./modules/reports";
import { createWorkerRole } from "./worker-role";

export interface AppOptions {
  config: Config;
  logger: Logger;
  /** The primary's URL: DATABASE_URL, or the embedded server's. */
  databaseUrl: string;
}

export interface App {
  readonly services: AppServices;
  readonly metrics: Metrics;
  readonly httpServer: Server;
  /** Listens on the configured port (0: any free one); resolves to the base URL. */
  start(): Promise<string>;
  /** Idempotent; closes WebSocket clients (1001), drains HTTP, stops jobs, then closes pools. */
  stop(): Promise<void>;
}

/** The composition root: builds every part of one API process. */
export async function createApp({ config, logger, databaseUrl }: AppOptions): Promise<App> {
  const metrics = createMetrics();
  const database = new Database({ primaryUrl: databaseUrl, replicaUrls: config.db.replicaUrls, config: config.db, metrics, logger });
  // Background jobs get pools of their own, so they never take a connection a request is waiting for.
  const jobsDatabase = new Database({ primaryUrl: databaseUrl, replicaUrls: config.db.replicaUrls, config: config.db, metrics, logger, name: "jobs" });
  const hooks: Hooks = { afterSignUp: [] };
  addWelcomeEmailOnSignUp(hooks, config.jobs.maxAttempts);
  // The one-process start runs jobs here; with Redis, worker processes usually do (WORKER_IN_API).
  const workerRole = config.jobs.workerInApi ? createWorkerRole({ config, database: jobsDatabase, logger, metrics }) : undefined;
  const jobs = await startJobSystem({ config, database: jobsDatabase, databaseUrl, logger, worker: workerRole });
  const services: AppServices = {
    config,
    database,
    tokens: new TokenService(config.auth.jwtSecret, config.auth.tokenTtlSeconds),
    hooks,
    logger,
    jobs,
    reportLinks: new ReportLinks(config.reports.signingSecret, config.reports.urlTtlSeconds),
  };
  const schema = await buildAppSchema();
  const httpServer = createServer();
  const apollo: ApolloServer<Context> = createApolloServer({ schema, httpServer, config });
  await apollo.start();
  httpServer.on("request", createHttpApp({ config, apollo, services, metrics }));
  const disposeSubscriptions = attachSubscriptions(httpServer, schema, services);

  let stopping: Promise<void> | undefined;
  return {
    services,
    metrics,
    httpServer,
    start: () =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(config.port, config.host, () => {
          const { port } = httpServer.address() as AddressInfo;
          resolve(`http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`);
        });
      }),
    stop: () =>
      (stopping ??= (async () => {
        await disposeSubscriptions().catch((error) => logger.error({ err: error }, "closing WebSocket clients failed"));
        await apollo.stop().catch((error) => logger.error({ err: error }, "stopping Apollo failed"));
        await jobs.close();
        workerRole?.close();
        await Promise.all([database.close(), jobsDatabase.close()]);
      })()),
  };
}
