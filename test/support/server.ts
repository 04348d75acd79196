import "reflect-metadata";
import { type Writable } from "node:stream";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type App, createApp } from "../../src/app";
import { loadConfig } from "../../src/config";
import { features } from "../../src/features";
import { createLogger } from "../../src/infra/logger";
import { GraphQLClient } from "./client";
import { type TestDatabase } from "./database";
import { unique } from "./fixtures";
import { deleteKeysMatching } from "./redis";

export const testJwtSecret = "test-secret-that-is-at-least-32-characters-long";

export interface TestServer {
  url: string;
  app: App;
  client: GraphQLClient;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** Receives the server's JSON log lines (level from TEST_LOG_LEVEL otherwise). */
  logTo?: Writable;
}

/**
 * Limits so high that tests of other features never reach them (orders
 * places 200 concurrent orders); the limit tests pass their own.
 */
export const roomyLimits = Object.fromEntries(
  ["CLIENT_RATE_LIMIT", "RATE_LIMIT_LOG_IN", "RATE_LIMIT_SIGN_UP", "RATE_LIMIT_PLACE_ORDER", "RATE_LIMIT_GENERATE_REPORT", "RATE_LIMIT_SEND_WELCOME_EMAIL"].map(
    (limit) => [`${limit}_MAX`, "1000000"],
  ),
);

/** An API instance in this process on a free port, against `database`. */
export async function startTestServer(
  database: TestDatabase,
  env: Record<string, string> = {},
  options: TestServerOptions = {},
): Promise<TestServer> {
  // Where mail goes without SMTP_URL (.eml files): a folder of this server's, removed when it stops.
  const dataDir = mkdtempSync(path.join(tmpdir(), "skein-test-data-"));
  // Tests that set REDIS_URL share the machine's Redis: their queues must not meet. A prefix
  // the test passed may be shared by several servers, so only one made here is cleaned up here.
  const ownJobsPrefix = env.JOBS_PREFIX ? undefined : `test-${unique()}`;
  const config = loadConfig({
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    DATABASE_URL: database.url,
    JWT_SECRET: testJwtSecret,
    ...roomyLimits,
    JOBS_PREFIX: ownJobsPrefix,
    DATA_DIR: dataDir,
    ...env,
  }, features);
  // The server's own logger (its redaction included), writing to the test's stream when it reads the lines.
  const logger = createLogger({ level: options.logTo ? "info" : config.logLevel, pretty: false }, options.logTo);
  const app = await createApp({ config, logger, databaseUrl: database.url });
  const url = await app.start();
  const stop = async () => {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
    // Best effort: the test may have stopped that Redis.
    if (config.redis?.kind === "url" && ownJobsPrefix) await deleteKeysMatching(`${ownJobsPrefix}:*`, config.redis.url).catch(() => undefined);
  };
  return { url, app, client: new GraphQLClient(url), stop };
}
