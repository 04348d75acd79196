import { type ApolloServer } from "@apollo/server";
import { type Redis } from "ioredis";
import { type Server, createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { type Logger } from "pino";
import { type Config, requireJwtSecret } from "./config";
import { Database } from "./db/database";
import { ReadPositions } from "./db/read-position";
import { createApolloServer } from "./graphql/apollo";
import { type AppServices, type Context } from "./graphql/context";
import { ClientRateLimiter, FieldRateLimiter, costLimitPlugin } from "./graphql/limits";
import { observeOperationsPlugin } from "./graphql/plugins/observe-operations";
import { readAfterPlugin } from "./graphql/plugins/read-after";
import { traceOperationsPlugin } from "./graphql/plugins/trace-operations";
import { buildAppSchema } from "./graphql/schema";
import { catalogCachePlugin, loadTrustedDocuments, trustedFirstDocumentStore, trustedFirstQueries } from "./graphql/trusted-documents";
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import { attachSubscriptions } from "./transports/ws/server";
import { wsErrorFormatter } from "./transports/ws/errors";
import { createSubscriptionStream } from "./transports/sse/stream";
import { SubscriptionFanout } from "./graphql/subscriptions/fanout";
import { ClientConnections } from "./transports/subscriptions/client-connections";
import { SubscriptionCaps } from "./transports/subscriptions/caps";
import { clientIp, requestOrigin } from "./transports/http/client-ip";
import { KeepAliveDrain } from "./transports/http/keep-alive-drain";
import { createHttpHandler } from "./transports/http/server";
import { metricsSourceFor } from "./cluster/metrics";
import { Health } from "./infra/health";
import { type Metrics, createMetrics } from "./infra/metrics";
import { type MetricsListener, type MetricsSource, listenForMetrics } from "./infra/metrics-endpoint";
import { createRedis, untilReady } from "./infra/redis";
import { RedisKeyValueCache } from "./infra/redis-key-value-cache";
import { Shutdown } from "./infra/shutdown";
import { tracingOn } from "./infra/tracing/state";
import { sleep } from "./infra/timeout";
import { TokenService } from "./identity/tokens";
import { ViewerRoles } from "./identity/viewer-roles";
import { features as allFeatures } from "./features";
import { type ComposedFeatures, type FeatureModule, checkFeatureList, composeFeatures, composeHooks, stopFeatures } from "./modules/feature-module";

export interface AppOptions {
  config: Config;
  logger: Logger;
  /** The primary's URL: DATABASE_URL, or the embedded server's. */
  databaseUrl: string;
  /** src/features.ts; a test may compose another list. */
  features?: readonly FeatureModule[];
}

export interface App {
  readonly services: AppServices;
  readonly metrics: Metrics;
  readonly httpServer: Server;
  readonly health: Health;
  /** What `stop` runs; main adds the process's own steps (embedded PostgreSQL, logs). */
  readonly shutdown: Shutdown;
  /** Reads TRUSTED_DOCUMENTS again (SIGHUP); a manifest with a problem is logged and the previous one kept. */
  reloadTrustedDocuments(): void;
  /** Listens on the configured port (0: any free one); resolves to the base URL. */
  start(): Promise<string>;
  /** Idempotent and bounded: runs `shutdown`; resolves to false if a step failed. */
  stop(): Promise<boolean>;
}

/** How long a starting process waits for Redis before serving without it. */
const redisAtStartMs = 2_000;

/** The composition root: builds every part of one API process. */
export async function createApp({ config, logger, databaseUrl, features = allFeatures }: AppOptions): Promise<App> {
  // Before any pool or connection exists: a list that cannot work stops here, with the reason.
  checkFeatureList(features);
  const metrics = createMetrics(features);
  const core = await buildServices({ config, logger, databaseUrl, metrics }, features);
  const { services, database, redis } = core;
  const databases = { primary: () => database.ping(), ...(database.hasReplicas && { replicas: () => database.replicaReadable() }) };
  const health = new Health({ databases, degradable: redis ? { redis: () => redis.ping() } : {} }, metrics, logger);
  const metricsSource = metricsSourceFor(metrics.registry);
  const ownMetricsPort = config.metricsPort !== undefined;
  const { httpServer, apollo, subscriptions, keepAlive, reloadTrustedDocuments } = await buildServers(core, metrics, health, ownMetricsPort ? undefined : metricsSource);
  if (redis) await untilReady(redis, redisAtStartMs);

  let metricsListener: MetricsListener | undefined;
  const shutdown = shutdownSteps({ config, logger, health, keepAlive, apollo, database, redis, metricsListener: () => metricsListener })
    .add("websocket", () => subscriptions.close())
    // A running job may take a while to finish or hand back: it gets the same bound as a request.
    .add("features", () => stopFeatures(features, services), config.shutdown.timeoutMs + 1_000);

  return {
    services,
    metrics,
    httpServer,
    health,
    shutdown,
    reloadTrustedDocuments,
    start: async () => {
      if (ownMetricsPort) metricsListener = await listenForMetrics(config.metricsPort, config.host, metricsSource, logger);
      return listen(httpServer, config.port, config.host, config.listenBacklog);
    },
    stop: () => shutdown.run(),
  };
}

interface Core {
  services: AppServices;
  composed: ComposedFeatures;
  database: Database;
  redis: Redis | undefined;
}

interface CoreParts {
  config: Config;
  logger: Logger;
  databaseUrl: string;
  metrics: Metrics;
}

/** Pools, Redis, the features' services (createApp has checked the list) and the services every request uses. */
async function buildServices({ config, logger, databaseUrl, metrics }: CoreParts, features: readonly FeatureModule[]): Promise<Core> {
  const database = new Database({ primaryUrl: databaseUrl, replicaUrls: config.db.replicaUrls, config: config.db, metrics, logger });
  // Cache, limits and APQ degrade when Redis is down, and /readyz says so: fail fast instead of waiting for it.
  // Shared by every request: their commands of one turn go out in one write.
  const redis = config.redis ? createRedis(config.redis, "fail-fast", logger, "cache-limits", { autoPipelining: true }) : undefined;
  const prefix = config.redisKeyPrefix;
  const composed = await composeFeatures(features, { config, logger, metrics, database, databaseUrl, redis });
  // Identity is core; who exists and with what role is for a feature to say (the boot check makes sure one does).
  const roles = new ViewerRoles(composed.services.roleOfUser, config.auth.roleCacheTtlMs);
  const services: AppServices = {
    ...composed.services,
    config,
    database,
    tokens: new TokenService(requireJwtSecret(config), config.auth.tokenTtlSeconds, roles),
    hooks: {},
    logger,
    rateLimits: new FieldRateLimiter(config.limits, redis, prefix, metrics),
    clientLimits: new ClientRateLimiter(config.limits, redis, prefix, metrics),
    readPositions: new ReadPositions(redis, prefix, config.db.readAfterTtlSeconds, database.replicaLag),
    createLoaders: composed.createLoaders,
  };
  // The features' hooks may use any service (the email feature's rings the job system's outbox bell).
  services.hooks = composeHooks(features, services);
  return { services, composed, database, redis };
}

/** Apollo behind Express on one HTTP server, and GraphQL over WebSocket on the same port and path. */
async function buildServers({ services, composed, redis }: Core, metrics: Metrics, health: Health, metricsSource: MetricsSource | undefined) {
  const { config } = services;
  const schema = await buildAppSchema(composed.resolvers);
  const { trusted, reload: reloadTrustedDocuments } = loadTrustedDocuments(schema, config, services.logger);
  const httpServer = createServer();
  const keepAlive = new KeepAliveDrain();
  const apollo: ApolloServer<Context> = createApolloServer({
    schema,
    httpServer,
    config,
    metrics,
    plugins: [
      observeOperationsPlugin(metrics, services.logger),
      // Without replicas every read is on the primary: there is no position to hand out.
      ...(services.database.hasReplicas ? [readAfterPlugin] : []),
      ...(config.limits.enabled ? [costLimitPlugin(config)] : []),
      catalogCachePlugin(trusted, config.trustedDocuments.catalogCacheMaxAgeSeconds),
      // After the cost limit plugin: it reads the cost that one reports.
      ...(tracingOn() ? [traceOperationsPlugin()] : []),
    ],
    maxTokens: config.limits.enabled ? config.limits.tokensMax : undefined,
    // Manifest documents first, by hash, with no registration; then what clients registered (APQ).
    persistedQueries: {
      cache: trustedFirstQueries(trusted, redis ? new RedisKeyValueCache(redis, config.redisKeyPrefix) : new InMemoryLRUCache()),
      ttl: config.cache.apqTtlSeconds,
    },
    documentStore: trustedFirstDocumentStore(trusted),
  });
  await apollo.start();
  const fanout = new SubscriptionFanout(metrics, wsErrorFormatter(config));
  // One per-client count over both transports: a client refused a WebSocket may not open as many streams instead.
  const caps = { connections: new ClientConnections(config), caps: new SubscriptionCaps(config) };
  const stream = createSubscriptionStream({ schema, services, metrics, fanout, ...caps, trusted });
  const http = createHttpHandler({ config, apollo, services, metrics, health, metricsSource, subscriptionStream: stream.handle, routes: composed.routes, trusted });
  httpServer.on("request", keepAlive.handler(http.listener));
  const sockets = attachSubscriptions({
    httpServer,
    schema,
    services,
    metrics,
    clientIpOf: (req) => clientIp(req, http.app),
    originOf: (req) => requestOrigin(req, http.app),
    admitsOrigin: http.admitsStream,
    fanout,
    ...caps,
    trusted,
  });
  // Both transports end together at shutdown, before the HTTP drain (which would wait for the streams).
  const subscriptions = { close: async () => void (stream.close(), await sockets.close()) };
  return { httpServer, apollo, subscriptions, keepAlive, reloadTrustedDocuments };
}

function listen(server: Server, port: number, host: string, backlog: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host, backlog }, () => {
      const address = server.address() as AddressInfo;
      resolve(`http://${host === "0.0.0.0" ? "localhost" : host}:${address.port}`);
    });
  });
}

interface ShutdownParts {
  config: Config;
  logger: Logger;
  health: Health;
  keepAlive: KeepAliveDrain;
  apollo: ApolloServer<Context>;
  database: Database;
  redis: Redis | undefined;
  metricsListener: () => MetricsListener | undefined;
}

/** This process's part of the shutdown order (src/infra/shutdown.ts), each step bounded. */
function shutdownSteps({ config, logger, health, keepAlive, apollo, database, redis, metricsListener }: ShutdownParts): Shutdown {
  const { delayMs, timeoutMs } = config.shutdown;
  return new Shutdown(logger)
    .add(
      "readiness",
      async () => {
        health.markShuttingDown();
        // New requests still come in during the delay, each on a connection that closes after its answer.
        keepAlive.start();
        await sleep(delayMs);
      },
      delayMs + 1_000,
    )
    // The drain plugin cuts what is left at timeoutMs; the extra second lets it finish doing so.
    .add("http", () => apollo.stop(), timeoutMs + 1_000)
    .add("metrics-server", () => metricsListener()?.close())
    // QUIT needs a connection; while Redis is down there is only a reconnect loop to stop.
    .add("redis", () => (redis?.status === "ready" ? redis.quit().catch(() => redis.disconnect()) : redis?.disconnect()))
    .add("database", () => database.close());
}
