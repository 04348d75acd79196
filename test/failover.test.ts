// A replica that goes away, is cut off or lags: replica-outage.test.ts and replica-lag.test.ts (a real streaming replica).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { graphql } from "./__generated__";
import { errorCodes } from "./support/client";
import { type TestDatabase } from "./support/database";
import { SignUp } from "./support/fixtures";
import { freePort } from "./support/free-port";
import { deleteKeys, sharedRedisEnv } from "./support/redis";
import { type TestServer, startTestServer } from "./support/server";

const UserNames = graphql(`
  query FailoverUserNames { users(first: 10) { nodes { name } } }
`);

describe("a primary that cannot be reached", () => {
  const redis = sharedRedisEnv();
  let server: TestServer;

  before(async () => {
    const nowhere = `postgres://postgres@127.0.0.1:${await freePort()}/skein`;
    // With Redis the queues do not live in the primary, so the API starts without it.
    server = await startTestServer({ url: nowhere } as TestDatabase, { DB_CONNECT_TIMEOUT_MS: "1000", ...redis });
  });
  after(async () => {
    await server?.stop();
    await deleteKeys(redis);
  });

  it("answers queries and mutations with SERVICE_UNAVAILABLE and keeps serving", async () => {
    assert.deepEqual(errorCodes(await server.client.request(UserNames)), ["SERVICE_UNAVAILABLE"]);
    const signUp = await server.client.request(SignUp, { input: { name: "Nobody", email: "nobody@example.com", password: "long enough" } });
    assert.deepEqual(errorCodes(signUp), ["SERVICE_UNAVAILABLE"]);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });
});
