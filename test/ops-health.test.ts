import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { errorCodes } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { freePort } from "./support/free-port";
import { type LogLine, captureLogs } from "./support/logs";
import { scrape, sumOf } from "./support/prometheus";
import { PrivateRedis, deleteKeys, sharedRedisEnv } from "./support/redis";
import { type TestServer, startTestServer } from "./support/server";

async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("/healthz and /readyz", () => {
  let database: TestDatabase;
  let redis: PrivateRedis;
  let server: TestServer;
  const logs = captureLogs();

  before(async () => {
    database = await createTestDatabase();
    redis = await PrivateRedis.start();
    server = await startTestServer(database, { REDIS_URL: redis.url }, { logTo: logs.stream });
  });
  after(async () => {
    await server?.stop();
    await redis?.stop();
    await database?.drop();
  });

  it("is alive and ready while the primary and Redis answer", async () => {
    assert.deepEqual(await get(`${server.url}/healthz`), { status: 200, body: { status: "ok", pid: process.pid } });
    assert.deepEqual(await get(`${server.url}/readyz`), {
      status: 200,
      body: { status: "ready", ready: true, checks: { primary: "ok", redis: "ok" } },
    });
  });

  it("stays ready while Redis is down, degraded with Redis named, and says so in a gauge and a log line; still alive", async () => {
    await redis.stop();
    // A scrape checks too, so the gauge moves where nothing probes /readyz (Compose).
    assert.equal(sumOf(await scrape(server.url), "skein_dependency_down", { dependency: "redis" }), 1, "before any /readyz");
    const { status, body } = await get(`${server.url}/readyz`);
    assert.equal(status, 200);
    assert.deepEqual({ status: body.status, ready: body.ready, redis: body.redis, primary: body.primary }, { status: "degraded", ready: true, redis: "down", primary: undefined });
    assert.equal((body.checks as Record<string, string>).primary, "ok");
    assert.notEqual((body.checks as Record<string, string>).redis, "ok");
    assert.equal(sumOf(await scrape(server.url), "skein_dependency_down", { dependency: "redis" }), 1);
    assert.equal(sumOf(await scrape(server.url), "skein_dependency_down", { dependency: "primary" }), 0);
    const warned = (line: LogLine) => line.level === 40 && line.dependency === "redis";
    await logs.waitFor(warned);
    assert.ok(logs.lines.some(warned), "a warning names Redis");
    assert.equal((await get(`${server.url}/healthz`)).status, 200);
  });

  it("clears the gauge at a scrape once Redis answers again, with a log line, and is ready again", async () => {
    await redis.start();
    let down = 1;
    for (let scrapes = 0; scrapes < 50 && down !== 0; scrapes++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      down = sumOf(await scrape(server.url), "skein_dependency_down", { dependency: "redis" });
    }
    assert.equal(down, 0);
    assert.ok(logs.lines.some((line) => line.level === 30 && line.dependency === "redis"), "an info line says Redis answers again");
    assert.deepEqual(await get(`${server.url}/readyz`), { status: 200, body: { status: "ready", ready: true, checks: { primary: "ok", redis: "ok" } } });
  });

  it("is not ready from the moment shutdown begins, without asking the dependencies", async () => {
    const stopping = server.stop();
    assert.deepEqual(await server.app.health.readiness(), { ready: false, status: "not ready", reason: "shutting down" });
    await stopping;
  });
});

describe("/readyz with the primary unreachable", () => {
  const redis = sharedRedisEnv();
  let database: TestDatabase;
  let server: TestServer;

  before(async () => {
    database = await createTestDatabase();
    const nobody = `postgres://postgres@127.0.0.1:${await freePort()}/nothing`;
    // With Redis the queues do not live in the primary, so the API starts without it and says it is not ready.
    server = await startTestServer({ ...database, url: nobody }, redis);
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
    await deleteKeys(redis);
  });

  it("answers 503 naming the primary, within the probe's bound", async () => {
    const startedAt = performance.now();
    const { status, body } = await get(`${server.url}/readyz`);
    assert.equal(status, 503);
    assert.match(String(body.reason), /^primary: /);
    assert.deepEqual({ status: body.status, primary: body.primary }, { status: "not ready", primary: "down" });
    assert.ok(performance.now() - startedAt < 2_000);
  });

  it("answers a signed-in request SERVICE_UNAVAILABLE (503), not a 500, when no database can say who the viewer is", async () => {
    const token = await server.app.services.tokens.sign({ id: 1, role: "USER" });
    const response = await server.client.as(token).request("{ __typename }");
    assert.deepEqual([response.status, errorCodes(response)], [503, ["SERVICE_UNAVAILABLE"]]);
  });
});
