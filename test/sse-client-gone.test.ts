import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { createLogger } from "../src/infra/logger";
import { createRedisJobEventBus } from "../src/modules/jobs/job.events";
import { type JobRow } from "../src/modules/jobs/job.table";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { signUpUser } from "./support/fixtures";
import { testQueuePrefix } from "./support/queue-prefix";
import { testRedisUrl } from "./support/redis";
import { type ServerProcess, spawnServer } from "./support/server-process";

// Issue 18, item 13: clients that leave while events are written to their streams.

/** Opens an SSE subscription to the user's jobs on a raw socket; `leave` closes it at once. */
async function openStream(baseUrl: string, token: string): Promise<{ leave(): void }> {
  const { hostname, port } = new URL(baseUrl);
  const body = JSON.stringify({ query: "subscription { myJobUpdated { id result } }" });
  const head = `POST /graphql/stream HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\naccept: text/event-stream\r\nauthorization: Bearer ${token}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`;
  const socket = connect(Number(port), hostname);
  socket.on("error", () => undefined);
  await new Promise<void>((resolve) => socket.once("data", () => resolve()).write(head + body));
  return { leave: () => socket.resetAndDestroy() };
}

describe("SSE clients that leave mid-stream (a production process)", () => {
  const redisKeys = testQueuePrefix();
  let database: TestDatabase;
  let server: ServerProcess;

  before(async () => {
    database = await createTestDatabase();
    server = await spawnServer(database.url, { env: { NODE_ENV: "production", REDIS_URL: testRedisUrl(), JOBS_PREFIX: redisKeys.prefix, WORKER_IN_API: "false" } });
  });
  after(async () => {
    await server?.kill();
    await database?.drop();
    await redisKeys.remove();
  });

  it("writes only JSON log lines, no raw stack, and keeps serving", async () => {
    const user = await signUpUser(server.client, "Leaver");
    const [row] = await database.query<JobRow>(
      `select id::int, owner_id::int as "ownerId", kind, state, progress, attempts, max_attempts as "maxAttempts", version, payload, result, error,
              created_at as "createdAt", updated_at as "updatedAt", finished_at as "finishedAt", dispatched_at as "dispatchedAt"
       from jobs where owner_id = $1`,
      [user.id],
    );
    const [publisher, subscriber] = [new Redis(testRedisUrl()), new Redis(testRedisUrl())];
    const bus = createRedisJobEventBus(redisKeys.prefix, publisher, subscriber, createLogger({ level: "silent", pretty: false }));
    try {
      const streams = await Promise.all(Array.from({ length: 20 }, () => openStream(server.url, user.token)));
      let version = row.version;
      const publishing = (async () => {
        for (let i = 0; i < 400; i++) await bus.publish({ ...row, version: ++version, result: { text: "x".repeat(20_000) } });
      })();
      await sleep(50);
      for (const stream of streams) stream.leave();
      await publishing;
    } finally {
      await bus.close();
      publisher.disconnect();
      subscriber.disconnect();
    }
    await sleep(500);
    const notJson = server
      .output()
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("{"));
    assert.deepEqual(notJson, []);
    const answer = await server.client.request("{ __typename }");
    assert.deepEqual([answer.status, answer.data], [200, { __typename: "Query" }]);
  });
});
