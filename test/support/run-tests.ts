import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { startEmbeddedPostgres } from "../../src/db/embedded-postgres";
import { freePort } from "./free-port";
import { PrivateRedis } from "./redis";

/**
 * `npm test`: runs every dist/test/*.test.js with node's test runner against
 * TEST_DATABASE_URL and TEST_REDIS_URL, or, when they are unset, an embedded
 * PostgreSQL and a private redis-server started here for the run. Extra
 * arguments narrow the files (`npm test -- orders`).
 */
async function main(): Promise<number> {
  const testDir = path.resolve(__dirname, "..");
  const filters = process.argv.slice(2);
  const files = readdirSync(testDir)
    .filter((file) => file.endsWith(".test.js"))
    .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
    .map((file) => path.join(testDir, file));

  let stopEmbedded = async () => {};
  if (!process.env.TEST_DATABASE_URL) {
    const dataDir = mkdtempSync(path.join(tmpdir(), "skein-test-pg-"));
    chmodSync(dataDir, 0o755); // PostgreSQL runs as another user and must reach its folder.
    const embedded = await startEmbeddedPostgres(dataDir, await freePort(), pino({ level: "warn" }));
    process.env.TEST_DATABASE_URL = embedded.url;
    stopEmbedded = async () => {
      await embedded.close();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  let redis: PrivateRedis | undefined;
  if (!process.env.TEST_REDIS_URL) {
    // No npm package ships a Redis that runs offline: this needs redis-server on the PATH.
    redis = await PrivateRedis.start();
    process.env.TEST_REDIS_URL = redis.url;
  }
  try {
    // Two files at a time (node's default is one less than the cores: one here): most of a test's time is
    // spent waiting on the servers it starts, and each file has its own database and Redis prefix.
    const child = spawn(process.execPath, ["--test", "--test-concurrency=2", "--test-timeout=300000", ...files], { stdio: "inherit" });
    return await new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  } finally {
    await redis?.stop();
    await stopEmbedded();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
