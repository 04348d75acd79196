import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { graphql } from "./__generated__";
import { errorCodes } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { unique } from "./support/fixtures";
import { fromNewAddress, insertUser } from "./support/limits";
import { captureLogs } from "./support/logs";
import { readMetric } from "./support/metrics";
import { PrivateRedis } from "./support/redis";
import { type TestServer, startTestServer } from "./support/server";

const LogIn = graphql(`
  mutation RedisDownLogIn($email: String!) { logIn(email: $email, password: "not the password") { token } }
`);

const Profile = graphql(`
  query RedisDownProfile($id: ID!) { user(id: $id) { id name } }
`);

const redisLost = "Redis is unreachable; degrading until it returns";

describe("with Redis stopped and started again", () => {
  let redis: PrivateRedis;
  let database: TestDatabase;
  let servers: TestServer[];
  const logs = [captureLogs(), captureLogs()];

  before(async () => {
    redis = await PrivateRedis.start();
    database = await createTestDatabase();
    const env = { REDIS_URL: redis.url, RATE_LIMIT_LOG_IN_MAX: "2", RATE_LIMIT_LOG_IN_WINDOW_SECONDS: "60" };
    servers = await Promise.all(logs.map((log) => startTestServer(database, env, { logTo: log.stream })));
  });
  after(async () => {
    for (const server of servers ?? []) await server.stop();
    await database?.drop();
    await redis?.stop();
  });

  /** logIn codes for one client (address and email) calling the servers in this order. */
  async function logInCodes(order: number[]): Promise<unknown[]> {
    const address = fromNewAddress();
    const email = `nobody-${unique()}@example.com`;
    const codes: unknown[] = [];
    for (const index of order) codes.push(...errorCodes(await servers[index].client.request(LogIn, { email }, address)));
    return codes;
  }

  /** Waits until a server reads the cache again instead of bypassing it. */
  async function untilCacheIsUsed(server: TestServer, userId: string): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const bypassed = await readMetric(server.url, "skein_cache_reads_total", { result: "bypass" });
      await server.client.data(Profile, { id: userId });
      if ((await readMetric(server.url, "skein_cache_reads_total", { result: "bypass" })) === bypassed) return;
      await sleep(100);
    }
    throw new Error("the server never went back to Redis");
  }

  it("shares limits while Redis is up", async () => {
    assert.deepEqual(await logInCodes([0, 1, 0]), ["UNAUTHENTICATED", "UNAUTHENTICATED", "RATE_LIMITED"]);
  });

  it("keeps answering with Redis down, limits per process, one warning per server", async () => {
    const user = await insertUser(database, servers[0], "Still here");
    await redis.stop();
    for (let round = 0; round < 5; round++) {
      for (const server of servers) assert.equal((await server.client.data(Profile, { id: user.id })).user?.name, "Still here");
    }
    // Each server counts on its own: two calls on each pass, the third on one is refused.
    assert.deepEqual(await logInCodes([0, 1, 0, 1, 0]), ["UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "RATE_LIMITED"]);
    for (const log of logs) await log.waitFor((line) => line.msg === redisLost);
    for (const server of servers) await server.client.data(Profile, { id: user.id });
    for (const log of logs) assert.equal(log.count(redisLost), 1);
  });

  it("shares limits and the cache again once Redis is back, with no restart", async () => {
    const user = await insertUser(database, servers[0]);
    await redis.start();
    for (const server of servers) await untilCacheIsUsed(server, user.id);
    assert.deepEqual(await logInCodes([0, 1, 0]), ["UNAUTHENTICATED", "UNAUTHENTICATED", "RATE_LIMITED"]);
    for (const log of logs) await log.waitFor((line) => line.msg === "Redis is back");
    for (const log of logs) assert.equal(log.count("Redis is back"), 1);
  });
});
