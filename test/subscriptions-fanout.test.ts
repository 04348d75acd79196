import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { print } from "graphql";
import { Redis } from "ioredis";
import WebSocket from "ws";
import { createLogger } from "../src/infra/logger";
import { createRedisJobEventBus } from "../src/modules/jobs/job.events";
import { type JobRow } from "../src/modules/jobs/job.table";
import { graphql } from "./__generated__";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { type TestUser, signUpUser, unique } from "./support/fixtures";
import { readMetric } from "./support/metrics";
import { testQueuePrefix } from "./support/queue-prefix";
import { testRedisUrl } from "./support/redis";
import { type ServerProcess, type SkeinProcess, spawnServer, spawnWorker } from "./support/server-process";
import { subscribeOverSse } from "./support/sse";
import { type Subscribed, subscribe, wsClient } from "./support/subscriptions";

const GenerateInventory = graphql(`
  mutation GenerateInventory { generateReport(kind: INVENTORY_CSV) { id } }
`);

const WatchReport = graphql(`
  subscription WatchReport($id: ID!) { jobUpdated(id: $id) { id state progress attempts updatedAt report { kind } } }
`);

type Watched = Subscribed<{ jobUpdated: { state: string; progress: number; updatedAt: unknown; report?: { kind: string } | null } }>;

const executions = (api: ServerProcess) => readMetric(api.url, "skein_subscription_executions_total");

/** Small enough that a socket which stops reading passes it after a few large events. */
const bufferMaxBytes = 64 * 1024;

describe("subscriptions at scale: one execution per shape, bounded buffers, SSE", () => {
  const redisKeys = testQueuePrefix();
  let database: TestDatabase;
  let env: Record<string, string>;
  let api: ServerProcess;
  const processes: SkeinProcess[] = [];

  /** A REPORT job over 100 items, still QUEUED: no worker runs until the test starts one. */
  async function queuedReport(user: TestUser): Promise<string> {
    await database.query(
      `insert into items (sku, name, price_cents, stock, owner_id) select $1 || n, 'Thing', 100, n, $2 from generate_series(1, 100) n`,
      [`INV-${unique()}-`, user.id],
    );
    return (await user.client.data(GenerateInventory, {})).generateReport.id;
  }

  /**
   * Publishes job events of `reader` (as a worker would, through Redis) until
   * the subscriber sees one (`isLive`), then has it stop reading (`pause`)
   * and publishes 1,500 events of 100 KB. Resolves once the server has closed
   * a slow subscriber (skein_subscription_slow_closes_total past
   * `closesBefore`) and the events still in flight were read, with how much
   * the API's external memory (unsent frames are Buffers) grew meanwhile.
   */
  async function floodWhileNotReading(
    reader: TestUser,
    { isLive, pause, resume, closesBefore = 0 }: { isLive: () => boolean; pause: () => void; resume: () => void; closesBefore?: number },
  ): Promise<{ published: number; sentBytes: number; grown: number }> {
    const publisher = new Redis(testRedisUrl());
    const bus = createRedisJobEventBus(redisKeys.prefix, publisher, new Redis(testRedisUrl()), createLogger({ level: "silent", pretty: false }));
    try {
      const [row] = await database.query<JobRow>(
        `select id::int, owner_id::int as "ownerId", kind, state, progress, attempts, max_attempts as "maxAttempts", version, payload, result, error,
                created_at as "createdAt", updated_at as "updatedAt", finished_at as "finishedAt", dispatched_at as "dispatchedAt"
         from jobs where owner_id = $1`,
        [reader.id],
      );
      const large = (version: number): JobRow => ({ ...row, version: row.version + version, result: { text: "x".repeat(100_000) } });
      // The subscription is live once an event comes through.
      for (let version = 1; !isLive() && version < 100; version += 1) {
        await bus.publish({ ...row, version: row.version + version });
        await sleep(50);
      }
      pause();
      const externalBefore = await readMetric(api.url, "nodejs_external_memory_bytes");
      // Enough that buffering them would dwarf the garbage an idle server has not collected yet:
      // V8 collects external memory only once it has grown by about 64 MB, and CI saw 76 MB.
      const published = 2_000;
      for (let version = 1_000; version < 1_000 + published; version += 1) await bus.publish(large(version));
      for (let tries = 0; (await readMetric(api.url, "skein_subscription_slow_closes_total")) <= closesBefore && tries < 200; tries += 1) await sleep(50);
      await sleep(2_000); // the events still in flight from Redis are read and dropped
      const externalAfter = await readMetric(api.url, "nodejs_external_memory_bytes");
      resume();
      return { published, sentBytes: published * 100_000, grown: externalAfter - externalBefore };
    } finally {
      await bus.close();
    }
  }

  /** Runs a worker process until `done` settles. */
  async function withWorker<T>(done: Promise<T>): Promise<T> {
    const worker = await spawnWorker(env);
    try {
      return await done;
    } finally {
      await worker.stop();
    }
  }

  before(async () => {
    database = await createTestDatabase();
    env = {
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      JOBS_PREFIX: redisKeys.prefix,
      WORKER_IN_API: "false",
      REPORT_CHUNK_ROWS: "20",
      SUBSCRIPTION_BUFFER_MAX_BYTES: String(bufferMaxBytes),
      // 200 sockets of one user: room above the per-client caps.
      WS_CONNECTIONS_PER_CLIENT_MAX: "1000",
      WS_SUBSCRIPTIONS_PER_CLIENT_MAX: "1000",
    };
    api = await spawnServer(database.url, { env });
    processes.push(api);
  });
  after(async () => {
    for (const spawned of processes) await spawned.kill();
    await database?.drop();
    await redisKeys.remove();
  });

  it("delivers every event once, in version order, to 200 subscribers of one job, executing it once", async () => {
    const alice = await signUpUser(api.client, "Alice");
    const jobId = await queuedReport(alice);
    const clients = Array.from({ length: 200 }, () => wsClient(api.url, alice.token));
    try {
      const watchers: Watched[] = clients.map((client) => subscribe(client, WatchReport, { id: jobId }));
      await Promise.all(watchers.map((watcher) => watcher.waitFor((result) => result.data?.jobUpdated.state === "QUEUED")));
      const executedBefore = await executions(api);
      await withWorker(Promise.all(watchers.map((watcher) => watcher.ended)));
      const executed = (await executions(api)) - executedBefore;

      const expected = watchers[0].results.map((result) => result.data?.jobUpdated);
      assert.equal(expected.at(-1)?.state, "COMPLETED");
      assert.ok(expected.some((job) => job && job.progress > 0 && job.progress < 100), "progress between 0 and 100 was streamed");
      const stamps = expected.map((job) => String(job?.updatedAt));
      assert.deepEqual([...stamps].sort(), stamps, "in version order");
      expected.slice(1).forEach((job, index) => assert.notDeepEqual(job, expected[index], "no event twice"));
      for (const watcher of watchers) assert.deepEqual(watcher.results.map((result) => result.data?.jobUpdated), expected);
      // One shape (one document, one viewer class): each event after the first, current row ran once for all 200.
      assert.equal(executed, expected.length - 1);
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });

  it("gives the owner and an admin what each may see, one execution per viewer class, and NOT_FOUND to others", async () => {
    const owner = await signUpUser(api.client, "Owner");
    const adminUser = await signUpUser(api.client, "Admin");
    // Roles come from the users table, not the token.
    await database.query(`update users set role = 'ADMIN' where id = $1`, [adminUser.id]);
    const adminToken = adminUser.token;
    const stranger = await signUpUser(api.client, "Stranger");
    const jobId = await queuedReport(owner);
    const clients = [wsClient(api.url, owner.token), wsClient(api.url, adminToken), wsClient(api.url, stranger.token)];
    try {
      const [asOwner, asAdmin, asStranger] = clients.map((client): Watched => subscribe(client, WatchReport, { id: jobId }));
      assert.deepEqual(await asStranger.ended, { completed: true });
      assert.deepEqual(asStranger.results.map((result) => [result.data, result.errors?.map((error) => error.extensions?.code)]), [[undefined, ["NOT_FOUND"]]]);

      await Promise.all([asOwner, asAdmin].map((watcher) => watcher.waitFor((result) => result.data?.jobUpdated.state === "QUEUED")));
      const executedBefore = await executions(api);
      await withWorker(Promise.all([asOwner.ended, asAdmin.ended]));
      const executed = (await executions(api)) - executedBefore;

      const seen = (watcher: Watched) => watcher.results.map((result) => result.data?.jobUpdated);
      assert.deepEqual(seen(asAdmin), seen(asOwner));
      assert.deepEqual(seen(asOwner).at(-1)?.report, { kind: "INVENTORY_CSV" });
      assert.equal(executed, 2 * (seen(asOwner).length - 1), "once per event for the owner's shape and once for the admin's");
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });

  it("closes a subscriber that stops reading with 4413, and does not buffer what is published after", async (t) => {
    const reader = await signUpUser(api.client, "Slow reader");
    const socket = new WebSocket(`${api.url.replace("http", "ws")}/graphql`, "graphql-transport-ws");
    const messages: string[] = [];
    socket.on("message", (data) => messages.push(String(data)));
    const closed = new Promise<number>((resolve) => socket.once("close", resolve));
    await new Promise((resolve) => socket.once("open", resolve));
    const acknowledged = new Promise((resolve) => socket.once("message", resolve));
    socket.send(JSON.stringify({ type: "connection_init", payload: { token: reader.token } }));
    await acknowledged;
    socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: "subscription { myJobUpdated { id result } }" } }));

    try {
      const flood = await floodWhileNotReading(reader, {
        isLive: () => messages.some((message) => message.includes('"next"')),
        pause: () => socket.pause(),
        resume: () => socket.resume(),
      });
      assert.equal(await closed, 4413);
      const delivered = messages.filter((message) => message.includes("xxxx")).length;
      t.diagnostic(`WebSocket: ${delivered} of ${flood.published} large events sent before the close; external memory grew ${flood.grown} bytes while ${flood.sentBytes} were published`);
      assert.ok(delivered < flood.published / 2, `${delivered} of ${flood.published} large events were sent before the close`);
      // Buffering every frame for the socket would hold all of sentBytes and more.
      assert.ok(flood.grown < (flood.sentBytes * 3) / 4, `the server's buffers grew by ${flood.grown} bytes while ${flood.sentBytes} were published`);
    } finally {
      socket.terminate();
    }
  });

  it("cuts an SSE stream whose reader stops reading at SUBSCRIPTION_BUFFER_MAX_BYTES, and does not buffer what is published after", async (t) => {
    const reader = await signUpUser(api.client, "Slow SSE reader");
    const body = JSON.stringify({ query: "subscription { myJobUpdated { id result } }" });
    // A raw socket: fetch's body stream would keep reading into memory of its own.
    const socket = connect(Number(new URL(api.url).port), "127.0.0.1");
    let received = "";
    socket.on("data", (chunk: Buffer) => (received += chunk.toString()));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.write(
      `POST /graphql/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n` +
        `Authorization: Bearer ${reader.token}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    const closesBefore = await readMetric(api.url, "skein_subscription_slow_closes_total");
    try {
      const flood = await floodWhileNotReading(reader, {
        isLive: () => received.includes("event: next"),
        pause: () => socket.pause(),
        resume: () => socket.resume(),
        closesBefore,
      });
      assert.match(received, /^HTTP\/1\.1 200 /);
      await closed;
      assert.equal(await readMetric(api.url, "skein_subscription_slow_closes_total"), closesBefore + 1, "counted once as a slow subscriber");
      const delivered = received.split("xxxx\"").length - 1;
      t.diagnostic(`SSE: ${delivered} of ${flood.published} large events sent before the cut; external memory grew ${flood.grown} bytes while ${flood.sentBytes} were published`);
      assert.ok(delivered < flood.published / 2, `${delivered} of ${flood.published} large events were sent before the cut`);
      assert.ok(flood.grown < (flood.sentBytes * 3) / 4, `the server's buffers grew by ${flood.grown} bytes while ${flood.sentBytes} were published`);
    } finally {
      socket.destroy();
    }
  });

  it("streams a report's progress to COMPLETED over SSE; SIGTERM ends the stream and the client resumes on another API", async () => {
    const other = await spawnServer(database.url, { env });
    processes.push(other);
    const leaving = await spawnServer(database.url, { env });
    processes.push(leaving);
    const user = await signUpUser(other.client, "SSE user");
    const jobId = await queuedReport(user);
    const query = print(WatchReport);

    const refused = await subscribeOverSse(other.url, query, { id: jobId }, "not-a-token");
    assert.equal(refused.status, 401);

    const first = await subscribeOverSse<{ jobUpdated: { state: string } }>(leaving.url, query, { id: jobId }, user.token);
    assert.equal(first.status, 200);
    await first.received(1);
    await leaving.stop("SIGTERM");
    assert.deepEqual(await first.ended, { completed: false });

    const resumed = await subscribeOverSse<{ jobUpdated: { state: string; progress: number } }>(other.url, query, { id: jobId }, user.token);
    await resumed.received(1);
    assert.deepEqual(await withWorker(resumed.ended), { completed: true });
    const states = resumed.results.map((result) => result.data?.jobUpdated.state);
    assert.equal(states[0], "QUEUED");
    assert.equal(states.at(-1), "COMPLETED");
    assert.ok(resumed.results.some((result) => (result.data?.jobUpdated.progress ?? 0) > 0 && result.data?.jobUpdated.state === "ACTIVE"));
  });
});
