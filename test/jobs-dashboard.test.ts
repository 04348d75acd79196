import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { type TestUser, signUpAdmin, signUpUser } from "./support/fixtures";
import { testQueuePrefix } from "./support/queue-prefix";
import { testRedisUrl } from "./support/redis";
import { type TestServer, startTestServer } from "./support/server";

const modes = {
  "BullMQ on Redis": { REDIS_URL: testRedisUrl() },
  "BullMQ on PostgreSQL": {},
};

for (const [mode, env] of Object.entries(modes)) {
  describe(`the queue dashboard at /admin/queues (${mode})`, () => {
    const redisKeys = testQueuePrefix();
    let database: TestDatabase;
    let server: TestServer;
    let user: TestUser;
    let adminToken: string;

    before(async () => {
      database = await createTestDatabase();
      server = await startTestServer(database, { ...env, JOBS_PREFIX: redisKeys.prefix, WORKER_IN_API: "false" });
      user = await signUpUser(server.client);
      adminToken = (await signUpAdmin(server.client, database)).token;
    });
    after(async () => {
      await server?.stop();
      await database?.drop();
      await redisKeys.remove();
    });

    it("shows every queue to an admin", async () => {
      const page = await fetch(`${server.url}/admin/queues`, { headers: { authorization: `Bearer ${adminToken}` } });
      assert.equal(page.status, 200);
      const api = await fetch(`${server.url}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${adminToken}` } });
      assert.equal(api.status, 200);
      const { queues } = (await api.json()) as { queues: Array<{ name: string }> };
      assert.deepEqual(queues.map((queue) => queue.name).sort(), ["jobs", "maintenance"]);
    });

    it("lets a browser in with an admin's ?token= once: an HttpOnly, SameSite=Strict cookie and a redirect without the token", async () => {
      const first = await fetch(`${server.url}/admin/queues?token=${adminToken}&status=latest`, { redirect: "manual" });
      assert.equal(first.status, 303);
      assert.equal(first.headers.get("location"), "/admin/queues?status=latest");
      const setCookie = first.headers.get("set-cookie")!;
      assert.match(setCookie, /HttpOnly/);
      assert.match(setCookie, /SameSite=Strict/);
      assert.doesNotMatch(setCookie, /Secure/, "plain http: a Secure cookie would never come back");
      const cookie = setCookie.split(";")[0];
      assert.equal((await fetch(`${server.url}/admin/queues/api/queues`, { headers: { cookie } })).status, 200);
      const behindHttps = await fetch(`${server.url}/admin/queues?token=${adminToken}`, { redirect: "manual", headers: { "x-forwarded-proto": "https" } });
      assert.match(behindHttps.headers.get("set-cookie")!, /Secure/);
    });

    it("keeps no cookie for a token that does not open the dashboard", async () => {
      const asUser = await fetch(`${server.url}/admin/queues?token=${user.token}`, { redirect: "manual" });
      assert.equal(asUser.status, 403);
      assert.equal(asUser.headers.get("set-cookie"), null);
      const forged = await fetch(`${server.url}/admin/queues?token=not-a-token`, { redirect: "manual" });
      assert.equal(forged.status, 401);
      assert.equal(forged.headers.get("set-cookie"), null);
    });

    it("refuses anyone else: 401 without a token, 403 for a user", async () => {
      assert.equal((await fetch(`${server.url}/admin/queues`)).status, 401);
      assert.equal((await fetch(`${server.url}/admin/queues`, { headers: { authorization: `Bearer ${user.token}` } })).status, 403);
    });
  });
}
