import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
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
