import { type ApolloServer } from "@apollo/server";
import { type Server, createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { type Logger } from "pino";
import { type Config } from "./config";
import { Database } from "./db/database";
import { createApolloServer } from "./graphql/apollo";
import { type AppServices, type Context, type Hooks } from "./graphql/context";
import { ClientRateLimiter, FieldRateLimiter, costLimitPlugin } from "./graphql/limits";
import { buildAppSchema } from "./graphql/schema";
import { createHttpApp } from "./http/server";
import { type Metrics, createMetrics } from "./infra/metrics";
import { createRedis, untilReady } from "./infra/redis";
import { RedisKeyValueCache } from "./infra/redis-key-value-cache";
import { TokenService } from "./modules/auth";
import { ProfileCache } from "./modules/users/user.cache";

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

/** How long a starting process waits for Redis before serving without it. */
const redisAtStartMs = 2_000;

/** The composition root: builds every part of one API process. */
export async function createApp({ config, logger, databaseUrl }: AppOptions): Promise<App> {
  const metrics = createMetrics();
  const database = new Database({ primaryUrl: databaseUrl, replicaUrls: config.db.replicaUrls, config: config.db, metrics, logger });
  const hooks: Hooks = { afterSignUp: [] };
  // Cache, limits and APQ degrade when Redis is down: fail fast instead of waiting for it.
  const redis = config.redisUrl ? createRedis(config.redisUrl, "fail-fast", logger, "cache-limits") : undefined;
  const prefix = config.redisKeyPrefix;
  const services: AppServices = {
    config,
    database,
    tokens: new TokenService(config.auth.jwtSecret, config.auth.tokenTtlSeconds),
    hooks,
    logger,
    rateLimits: new FieldRateLimiter(config.limits, redis, prefix, metrics),
    clientLimits: new ClientRateLimiter(config.limits, redis, prefix, metrics),
    profileCache: new ProfileCache(redis, prefix, config.cache.profileTtlSeconds, metrics),
  };
  const schema = await buildAppSchema();
  const httpServer = createServer();
  const apollo: ApolloServer<Context> = createApolloServer({
    schema,
    httpServer,
    config,
    plugins: config.limits.enabled ? [costLimitPlugin(config)] : [],
    maxTokens: config.limits.enabled ? config.limits.tokensMax : undefined,
    persistedQueries: redis ? { cache: new RedisKeyValueCache(redis, prefix), ttl: config.cache.apqTtlSeconds } : undefined,
  });
  await apollo.start();
  if (redis) await untilReady(redis, redisAtStartMs);
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
        if (redis?.status === "ready") await redis.quit().catch(() => redis.disconnect());
        else redis?.disconnect();
      })()),
  };
}
