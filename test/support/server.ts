import "reflect-metadata";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type App, createApp } from "../../src/app";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/infra/logger";
import { GraphQLClient } from "./client";
import { type TestDatabase } from "./database";
import { unique } from "./fixtures";

export const testJwtSecret = "test-secret-that-is-at-least-32-characters-long";

export interface TestServer {
  url: string;
  app: App;
  client: GraphQLClient;
  stop(): Promise<void>;
}

/** An API instance in this process on a free port, against `database`. */
export async function startTestServer(database: TestDatabase, env: Record<string, string> = {}): Promise<TestServer> {
  // Where mail goes without SMTP_URL (.eml files): a folder of this server's, removed when it stops.
  const dataDir = mkdtempSync(path.join(tmpdir(), "skein-test-data-"));
  const config = loadConfig({
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    DATABASE_URL: database.url,
    JWT_SECRET: testJwtSecret,
    // Tests that set REDIS_URL share the machine's Redis: their queues must not meet.
    JOBS_PREFIX: `test-${unique()}`,
    DATA_DIR: dataDir,
    ...env,
  });
  const logger = createLogger({ level: config.logLevel, pretty: false });
  const app = await createApp({ config, logger, databaseUrl: database.url });
  const url = await app.start();
  const stop = async () => {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, app, client: new GraphQLClient(url), stop };
}
