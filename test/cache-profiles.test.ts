import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import { graphql } from "./__generated__";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { insertUser } from "./support/limits";
import { statementsDuring } from "./support/metrics";
import { deleteKeys, sharedRedisEnv, testRedisUrl } from "./support/redis";
import { unique } from "./support/fixtures";
import { type TestServer, startTestServer } from "./support/server";

const Profile = graphql(`
  query CacheProfile($id: ID!) { user(id: $id) { id name } }
`);

const UpdateName = graphql(`
  mutation CacheUpdateName($name: String!) { updateProfile(input: { name: $name }) { id name } }
`);

describe("user profiles read through Redis", () => {
  let database: TestDatabase;
  let servers: TestServer[];
  const prefix = `test:${unique()}:`;
  const redisEnv = sharedRedisEnv(prefix);

  before(async () => {
    database = await createTestDatabase();
    servers = [await startTestServer(database, redisEnv), await startTestServer(database, redisEnv)];
  });
  after(async () => {
    for (const server of servers ?? []) await server.stop();
    await database?.drop();
    await deleteKeys(redisEnv);
  });

  const statementsOnBoth = async (run: () => Promise<unknown>) => {
    let onSecond = 0;
    const onFirst = await statementsDuring(servers[0].url, async () => {
      onSecond = await statementsDuring(servers[1].url, run);
    });
    return onFirst + onSecond;
  };

  it("reads a profile a second time with no SQL, from either server", async () => {
    const user = await insertUser(database, servers[0], "Cached");
    assert.equal(await statementsDuring(servers[0].url, () => servers[0].client.data(Profile, { id: user.id })), 1);
    for (const server of servers) {
      let name: string | undefined;
      const statements = await statementsDuring(server.url, async () => {
        name = (await server.client.data(Profile, { id: user.id })).user?.name;
      });
      assert.equal(statements, 0);
      assert.equal(name, "Cached");
    }
  });

  it("reads the new name after updateProfile, on every server", async () => {
    const user = await insertUser(database, servers[0], "Before");
    await servers[1].client.data(Profile, { id: user.id });
    const { updateProfile } = await user.client.data(UpdateName, { name: "After" });
    assert.equal(updateProfile.name, "After");
    for (const server of servers) assert.equal((await server.client.data(Profile, { id: user.id })).user?.name, "After");
  });

  it("never puts a password hash in Redis", async () => {
    const user = await insertUser(database, servers[0], "Private");
    await servers[0].client.data(Profile, { id: user.id });
    await user.client.data(UpdateName, { name: "Still private" });
    const redis = new Redis(testRedisUrl());
    try {
      const cached = JSON.parse((await redis.get(`${prefix}profile:${user.id}`)) ?? "null");
      assert.equal(cached?.name, "Still private");
      assert.ok(!("passwordHash" in cached), JSON.stringify(cached));
    } finally {
      redis.disconnect();
    }
  });

  it("runs one SQL statement for 100 concurrent misses of one profile", async () => {
    const user = await insertUser(database, servers[0], "Stampede");
    const names: Array<string | undefined> = [];
    const statements = await statementsDuring(servers[0].url, async () => {
      const responses = await Promise.all(Array.from({ length: 100 }, () => servers[0].client.data(Profile, { id: user.id })));
      names.push(...responses.map((response) => response.user?.name));
    });
    assert.equal(statements, 1);
    assert.deepEqual(new Set(names), new Set(["Stampede"]));
  });

  it("runs one SQL statement for 100 concurrent misses spread over two servers", async () => {
    const user = await insertUser(database, servers[0], "Shared stampede");
    const statements = await statementsOnBoth(() =>
      Promise.all(Array.from({ length: 100 }, (_, n) => servers[n % 2].client.data(Profile, { id: user.id }))),
    );
    assert.equal(statements, 1);
  });
});
