import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import pino from "pino";
import { Shutdown } from "../src/infra/shutdown";
import { graphql } from "./__generated__";
import { GraphQLClient } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { type TestUser, createItem, signUpUser, unique } from "./support/fixtures";
import { MyJobs } from "./support/jobs";
import { readMetric } from "./support/metrics";
import { type ServerProcess, spawnServer, spawnedServerPerSuite } from "./support/server-process";
import { subscribe, wsClient } from "./support/subscriptions";

const readItems = "query SlowItems { items(first: 5) { nodes { id sku } } }";

const WatchQueuedJob = graphql(`
  subscription WatchQueuedJob($id: ID!) { jobUpdated(id: $id) { id state } }
`);

/** Polls `condition` every 50 ms until it holds; fails after `timeoutMs`. */
async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const refusesConnections = (url: string) =>
  fetch(`${url}/healthz`).then(
    () => false,
    (error: { cause?: { code?: string } }) => error.cause?.code === "ECONNREFUSED",
  );

/** `count` graphql-ws clients, each following `jobId` until the server closes the connection. */
async function followJob(server: ServerProcess, user: TestUser, jobId: string, count: number) {
  const clients = Array.from({ length: count }, () => wsClient(server.url, user.token));
  const subscriptions = clients.map((client) => subscribe(client, WatchQueuedJob, { id: jobId }));
  await Promise.all(subscriptions.map((updates) => updates.waitFor((result) => result.data?.jobUpdated.state === "QUEUED")));
  return {
    endings: Promise.all(subscriptions.map((updates) => updates.ended)),
    dispose: () => Promise.all(clients.map((client) => client.dispose())),
  };
}

describe("SIGTERM with 50 slow queries and 20 subscriptions in flight", () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let user: TestUser;
  let locker: pg.Client | undefined;
  let subscribers: Awaited<ReturnType<typeof followJob>> | undefined;

  before(async () => {
    database = await createTestDatabase();
    server = await spawnServer(database.url, {
      env: {
        // As deployed: production is where libraries install signal handlers of their own (Apollo's did).
        NODE_ENV: "production",
        // 10 statements wait on the lock inside PostgreSQL, 40 requests wait for a pool client;
        // neither may time out while the test holds the lock.
        DB_POOL_MAX: "10",
        DB_CONNECT_TIMEOUT_MS: "30000",
        SHUTDOWN_DELAY_MS: "1500",
        SHUTDOWN_TIMEOUT_MS: "15000",
        // No worker anywhere: the welcome email job stays QUEUED, so its subscribers stay in flight.
        WORKER_IN_API: "false",
        CLIENT_RATE_LIMIT_MAX: "1000000",
        RATE_LIMIT_SIGN_UP_MAX: "1000000",
      },
    });
    user = await signUpUser(new GraphQLClient(server.url));
    await createItem(user);
  });
  after(async () => {
    await subscribers?.dispose();
    await locker?.end().catch(() => undefined);
    await server?.kill();
    await database?.drop();
  });

  it("answers every query with 200, closes every subscriber with 1001, turns /readyz 503 at once, refuses new connections, and exits 0", async (t) => {
    const client = new GraphQLClient(server.url);
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    const [welcomeJob] = (await user.client.data(MyJobs, {})).jobs.nodes;
    subscribers = await followJob(server, user, welcomeJob.id, 20);
    assert.equal(await readMetric(server.url, "skein_graphql_subscriptions_active"), 20);

    // A lock held by another session makes every read of items genuinely slow, with no hook in the server.
    locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    await locker.query("begin");
    await locker.query("lock table items in access exclusive mode");
    const queries = Array.from({ length: 50 }, () => client.request(readItems));
    await until("10 statements blocked in PostgreSQL and 40 requests queued for a client", async () => {
      const [{ blocked }] = await database.query<{ blocked: number }>(
        "select count(*)::int as blocked from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      );
      return blocked === 10 && (await readMetric(server.url, "skein_db_pool_clients", { pool: "primary", state: "waiting" })) === 40;
    });
    const underLoad = await fetch(`${server.url}/readyz`);
    assert.equal(underLoad.status, 200, "a busy pool is not a reason to leave the load balancer");

    const sigtermAt = performance.now();
    server.signal("SIGTERM");
    let subscribersClosedAfterMs = 0;
    void subscribers.endings.then(() => (subscribersClosedAfterMs = performance.now() - sigtermAt));
    await until("/readyz to answer 503", async () => (await fetch(`${server.url}/readyz`)).status === 503);
    assert.deepEqual(await (await fetch(`${server.url}/readyz`)).json(), { status: "not ready", ready: false, reason: "shutting down" });
    const notReadyAfterMs = performance.now() - sigtermAt;
    await until("the listener to close", () => refusesConnections(server.url));
    const refusedAfterMs = performance.now() - sigtermAt;

    let settled = 0;
    for (const query of queries) void query.finally(() => (settled += 1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(settled, 0, "no query may finish while the lock is held");
    const releasedAt = performance.now();
    await locker.query("commit");

    const responses = await Promise.all(queries);
    for (const response of responses) {
      assert.equal(response.status, 200);
      assert.equal(response.errors, undefined);
      assert.equal((response.data as { items: { nodes: unknown[] } }).items.nodes.length, 1);
    }
    const closeCodes = (await subscribers.endings).map((ending) => (ending.completed ? "completed" : ending.closeCode));
    assert.deepEqual(closeCodes, Array(20).fill(1001));
    const { code, signal } = await server.exited;
    const exitAt = performance.now();
    assert.deepEqual({ code, signal }, { code: 0, signal: null });

    const steps = server.logs.filter((line) => line.msg === "shutdown step done").map((line) => line.step);
    assert.deepEqual(steps, ["readiness", "websocket", "http", "features", "metrics-server", "redis", "database", "logs"]);
    t.diagnostic(
      `SIGTERM to exit: ${Math.round(exitAt - sigtermAt)} ms (/readyz 503 after ${Math.round(notReadyAfterMs)} ms, ` +
        `20 subscribers closed with 1001 after ${Math.round(subscribersClosedAfterMs)} ms, listener closed after ${Math.round(refusedAfterMs)} ms, ` +
        `lock held until ${Math.round(releasedAt - sigtermAt)} ms, exit ${Math.round(exitAt - releasedAt)} ms after the release)`,
    );
  });
});

/** What one keep-alive client saw: the SKUs the server answered 200 for, its errors, and what ended its loop. */
interface KeepAliveRun {
  created: string[];
  errors: string[];
  endedBy: "Connection: close" | "ECONNREFUSED" | "the loop's bound";
}

const createItemBody = (sku: string) =>
  JSON.stringify({ query: "mutation ($input: CreateItemInput!) { createItem(input: $input) { id } }", variables: { input: { sku, name: "Widget", priceCents: 1, stock: 1 } } });

/** POSTs createItem over `agent`; resolves to the status and Connection header, or rejects with the socket error. */
function postCreateItem(url: string, agent: http.Agent, token: string, sku: string): Promise<{ status: number; connection: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}/graphql`, { method: "POST", agent, headers: { "content-type": "application/json", authorization: `Bearer ${token}` } }, (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode ?? 0, connection: String(response.headers.connection) }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(createItemBody(sku));
  });
}

/**
 * createItem in a loop over one kept-alive socket at a time, as a client
 * behind a load balancer: it stops once the server says `Connection: close`
 * (the balancer sends no more to a server that is not ready), or when the
 * listener refuses connections.
 */
async function createItemsUntilClosed(url: string, token: string): Promise<KeepAliveRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const run: KeepAliveRun = { created: [], errors: [], endedBy: "the loop's bound" };
  try {
    for (let i = 0; i < 100_000; i++) {
      const sku = `KA-${unique()}`;
      try {
        const { status, connection } = await postCreateItem(url, agent, token, sku);
        if (status === 200) run.created.push(sku);
        else run.errors.push(`HTTP ${status}`);
        if (connection === "close") return { ...run, endedBy: "Connection: close" };
      } catch (error) {
        const code = (error as { code?: string }).code ?? String(error);
        if (code === "ECONNREFUSED") return { ...run, endedBy: "ECONNREFUSED" };
        run.errors.push(code);
      }
    }
    return run;
  } finally {
    agent.destroy();
  }
}

describe("SIGTERM with keep-alive clients writing in a loop", () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let user: TestUser;

  before(async () => {
    database = await createTestDatabase();
    server = await spawnServer(database.url, { env: { NODE_ENV: "production", SHUTDOWN_DELAY_MS: "1500", WORKER_IN_API: "false" } });
    user = await signUpUser(new GraphQLClient(server.url));
  });
  after(async () => {
    await server?.kill();
    await database?.drop();
  });

  it("resets no request: every committed item was answered 200, and answers after SIGTERM say Connection: close", async (t) => {
    const clients = Array.from({ length: 6 }, () => createItemsUntilClosed(server.url, user.token));
    await until("items to be written", async () => {
      const [{ items }] = await database.query<{ items: number }>("select count(*)::int as items from items");
      return items >= 30;
    });
    server.signal("SIGTERM");
    const runs = await Promise.all(clients);
    assert.deepEqual(await server.exited, { code: 0, signal: null });

    const errors = runs.flatMap((run) => run.errors);
    const answered = runs.flatMap((run) => run.created).sort();
    const rows = (await database.query<{ sku: string }>("select sku from items where sku like 'KA-%' order by sku")).map((row) => row.sku);
    t.diagnostic(`${rows.length} items committed, ${answered.length} answered 200, errors: ${errors.join(",") || "none"}, ended by: ${runs.map((run) => run.endedBy).join(", ")}`);
    assert.deepEqual(errors, []);
    assert.deepEqual(rows, answered, "every committed item got its 200, and every 200 is a committed item");
    assert.deepEqual(runs.map((run) => run.endedBy), Array(6).fill("Connection: close"), "each client was told to close, none found its socket gone");
  });
});

describe("SIGTERM with a request slower than SHUTDOWN_TIMEOUT_MS", () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let locker: pg.Client | undefined;

  before(async () => {
    database = await createTestDatabase();
    server = await spawnServer(database.url, { env: { SHUTDOWN_TIMEOUT_MS: "500" } });
  });
  after(async () => {
    await locker?.end().catch(() => undefined);
    await server?.kill();
    await database?.drop();
  });

  it("cuts it at the timeout, gives up on its pool client, and still exits within its bounds, reporting the failed step", async () => {
    locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    await locker.query("begin");
    await locker.query("lock table items in access exclusive mode");
    const stuck = new GraphQLClient(server.url).request(readItems).then(
      () => "answered",
      () => "cut",
    );
    await until("the query to wait on the lock", async () => {
      const [{ blocked }] = await database.query<{ blocked: number }>(
        "select count(*)::int as blocked from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      );
      return blocked === 1;
    });
    const sigtermAt = performance.now();
    server.signal("SIGTERM");
    assert.equal(await stuck, "cut");
    const cutAfterMs = performance.now() - sigtermAt;
    assert.ok(cutAfterMs >= 400 && cutAfterMs < 2_000, `cut after ${Math.round(cutAfterMs)} ms`);
    const { code } = await server.exited;
    const exitAfterMs = performance.now() - sigtermAt;
    // The pool waits for the client the stuck statement holds; its step gives up after 5 s.
    assert.equal(code, 1);
    assert.ok(exitAfterMs < 8_000, `exited after ${Math.round(exitAfterMs)} ms`);
    const failed = server.logs.filter((line) => line.msg === "shutdown step failed; carrying on").map((line) => line.step);
    assert.deepEqual(failed, ["database"]);
    assert.ok(server.logs.some((line) => line.msg === "shutdown step done" && line.step === "logs"));
  });
});

describe("SIGINT", () => {
  const suite = spawnedServerPerSuite();

  it("shuts down as SIGTERM does, and a second signal changes nothing", async () => {
    suite.server.signal("SIGINT");
    suite.server.signal("SIGINT");
    assert.deepEqual(await suite.server.exited, { code: 0, signal: null });
    assert.equal(suite.server.logs.filter((line) => line.msg === "shutting down").length, 1);
    assert.ok(suite.server.logs.some((line) => line.msg === "shutdown step done" && line.step === "logs"));
  });
});

describe("Shutdown", () => {
  const silent = pino({ level: "silent" });

  it("runs its steps once, in the declared order, whatever order they were added in", async () => {
    const ran: string[] = [];
    const shutdown = new Shutdown(silent)
      .add("database", () => ran.push("database"))
      .add("readiness", () => ran.push("readiness"))
      .add("http", () => ran.push("http"));
    const [first, second] = await Promise.all([shutdown.run(), shutdown.run()]);
    await shutdown.run();
    assert.deepEqual(ran, ["readiness", "http", "database"]);
    assert.deepEqual([first, second], [true, true]);
  });

  it("carries on past a step that fails or hangs, and reports it", async () => {
    const ran: string[] = [];
    const startedAt = performance.now();
    const clean = await new Shutdown(silent)
      .add("http", () => new Promise(() => undefined), 100)
      .add("redis", () => Promise.reject(new Error("refused")))
      .add("database", () => ran.push("database"))
      .run();
    assert.equal(clean, false);
    assert.deepEqual(ran, ["database"]);
    assert.ok(performance.now() - startedAt < 1_000);
  });

  it("refuses a step name registered twice", () => {
    assert.throws(() => new Shutdown(silent).add("http", () => undefined).add("http", () => undefined), /already registered/);
  });
});
