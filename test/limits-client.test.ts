import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import { graphql } from "./__generated__";
import { errorCodes } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { fromNewAddress, insertUser } from "./support/limits";
import { deleteKeys, sharedRedisEnv } from "./support/redis";
import { type TestServer, startTestServer } from "./support/server";

const Me = graphql(`
  query ClientLimitMe { me { id } }
`);

const max = 5;

describe("the per-client limit on the whole endpoint", () => {
  let database: TestDatabase;
  let servers: TestServer[];
  const redisEnv = sharedRedisEnv();

  before(async () => {
    database = await createTestDatabase();
    const env = { ...redisEnv, CLIENT_RATE_LIMIT_MAX: String(max), CLIENT_RATE_LIMIT_WINDOW_SECONDS: "60" };
    servers = [await startTestServer(database, env), await startTestServer(database, env)];
  });
  after(async () => {
    for (const server of servers ?? []) await server.stop();
    await database?.drop();
    await deleteKeys(redisEnv);
  });

  it("answers HTTP 429 with Retry-After past the limit, counting across servers", async () => {
    const address = fromNewAddress();
    for (let n = 0; n < max; n++) {
      const response = await servers[n % 2].client.request(Me, undefined, address);
      assert.equal(response.status, 200, `request ${n + 1}`);
    }
    const refused = await servers[max % 2].client.request(Me, undefined, address);
    assert.equal(refused.status, 429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${retryAfter}`);
    assert.deepEqual(errorCodes(refused), ["RATE_LIMITED"]);
    assert.equal(refused.errors?.[0].extensions?.retryAfterSeconds, retryAfter);

    assert.equal((await servers[0].client.request(Me, undefined, fromNewAddress())).status, 200, "other clients are not limited");
  });

  it("counts a logged-in user as one client, whatever their address", async () => {
    const user = await insertUser(database, servers[0]);
    for (let n = 0; n < max; n++) assert.equal((await user.client.request(Me, undefined, fromNewAddress())).status, 200);
    assert.equal((await user.client.request(Me, undefined, fromNewAddress())).status, 429);
  });
});

describe("the per-client limit, spent from batches of the shared count", () => {
  const batchMax = 100;
  const batch = 5;
  let database: TestDatabase;
  let servers: TestServer[];
  const redisEnv = sharedRedisEnv();

  before(async () => {
    database = await createTestDatabase();
    const env = { ...redisEnv, CLIENT_RATE_LIMIT_MAX: String(batchMax), CLIENT_RATE_LIMIT_WINDOW_SECONDS: "60", CLIENT_RATE_LIMIT_BATCH: String(batch) };
    servers = [await startTestServer(database, env), await startTestServer(database, env)];
  });
  after(async () => {
    for (const server of servers ?? []) await server.stop();
    await database?.drop();
    await deleteKeys(redisEnv);
  });

  const sharedCounts = async (): Promise<number[]> => {
    const redis = new Redis(redisEnv.REDIS_URL);
    try {
      const keys = await redis.keys(`${redisEnv.REDIS_KEY_PREFIX}client:*`);
      return (await Promise.all(keys.map((key) => redis.get(key)))).map(Number);
    } finally {
      redis.disconnect();
    }
  };

  it("takes the shared count a batch at a time, and never lets a client past the limit across servers", async () => {
    const address = fromNewAddress();
    // 3 requests on one server: one batch taken from Redis, 2 of its slots left.
    for (let n = 0; n < 3; n++) assert.equal((await servers[0].client.request(Me, undefined, address)).status, 200);
    assert.deepEqual(await sharedCounts(), [batch]);

    // Then unevenly over both servers, concurrently, until well past the limit.
    const statuses = await Promise.all(
      Array.from({ length: 2 * batchMax }, (_, n) => servers[n % 3 === 0 ? 1 : 0].client.request(Me, undefined, address).then((response) => response.status)),
    );
    const allowed = 3 + statuses.filter((status) => status === 200).length;
    assert.ok(statuses.every((status) => status === 200 || status === 429));
    // README: never more than the limit; at most servers × (batch − 1) slots taken but not spent.
    assert.ok(allowed <= batchMax, `${allowed} allowed`);
    assert.ok(allowed >= batchMax - servers.length * (batch - 1), `${allowed} allowed`);
    for (const server of servers) assert.equal((await server.client.request(Me, undefined, address)).status, 429);
  });
});
