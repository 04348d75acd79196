import { type ApolloServer } from "@apollo/server";
import { type Server, createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { type Logger } from "pino";
import { type Config } from "./config";
import { Database } from "./db/database";
import { createApolloServer } from "./graphql/apollo";
import { type AppServices, type Context, type Hooks } from "./graphql/context";
import { buildAppSchema } from "./graphql/schema";
import { createHttpApp } from "./http/server";
import { type Metrics, createMetrics } from "./infra/metrics";
import { TokenService } from "./modules/auth";

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
  /** Idempotent; drains HTTP, then closes pools. */
  stop(): Promise<void>;
}

/** The composition root: builds every part of one API process. */
export async function createApp({ config, logger, databaseUrl }: AppOptions): Promise<App> {
  const metrics = createMetrics();
  const database = new Database({ primaryUrl: databaseUrl, replicaUrls: config.db.replicaUrls, config: config.db, metrics, logger });
  const hooks: Hooks = { afterSignUp: [] };
  const services: AppServices = {
    config,
    database,
    tokens: new TokenService(config.auth.jwtSecret, config.auth.tokenTtlSeconds),
    hooks,
    logger,
  };
  const schema = await buildAppSchema();
  const httpServer = createServer();
  const apollo: ApolloServer<Context> = createApolloServer({ schema, httpServer, config });
  await apollo.start();
  httpServer.on("request", createHttpApp({ config, apollo, services, metrics }));

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
        await apollo.stop().catch((error) => logger.error({ err: error }, "stopping Apollo failed"));
        await database.close();
      })()),
  };
}
