import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type GraphQLFormattedError, print } from "graphql";
import { type Client } from "graphql-ws";
import WebSocket from "ws";
import { graphql } from "./__generated__";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { fromNewAddress, insertUser } from "./support/limits";
import { readMetric } from "./support/metrics";
import { type ServerProcess, spawnServer } from "./support/server-process";
import { type TestServer, startTestServer } from "./support/server";
import { subscribeOverSse } from "./support/sse";
import { type Ending, subscribe, wsClient } from "./support/subscriptions";

const FollowQueuedJob = graphql(`
  subscription FollowQueuedJob($id: ID!) { jobUpdated(id: $id) { id state } }
`);

const stillOpen = "still open" as const;

/** A bare graphql-transport-ws socket, for messages no well-behaved client sends. */
interface RawSocket {
  socket: WebSocket;
  messages: string[];
  /** The close code, or "still open" when the server has not closed it within `ms`. */
  closeCodeWithin(ms: number): Promise<number | typeof stillOpen>;
}

/** Opens a raw socket from `headers`' address; a refused upgrade gives its HTTP status and Retry-After. */
function upgrade(baseUrl: string, headers: Record<string, string>): Promise<RawSocket | { refused: number; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws", { headers });
    const messages: string[] = [];
    const closed = new Promise<number>((done) => socket.once("close", (code) => done(code)));
    socket.on("message", (data) => messages.push(String(data)));
    socket.once("open", () =>
      resolve({ socket, messages, closeCodeWithin: (ms) => Promise.race([closed, sleep(ms).then(() => stillOpen)]) }),
    );
    socket.once("unexpected-response", (_request, response) => {
      response.resume();
      resolve({ refused: response.statusCode ?? 0, retryAfter: response.headers["retry-after"] });
    });
    socket.on("error", reject);
  });
}

async function opened(baseUrl: string, headers: Record<string, string>): Promise<RawSocket> {
  const result = await upgrade(baseUrl, headers);
  if ("refused" in result) throw new Error(`upgrade refused with HTTP ${result.refused}`);
  return result;
}

/** Sends connection_init and waits for the server's connection_ack. */
async function acknowledged(raw: RawSocket): Promise<void> {
  raw.socket.send('{"type":"connection_init"}');
  for (let attempt = 0; attempt < 200 && raw.messages.length === 0; attempt++) await sleep(25);
  assert.deepEqual(raw.messages, ['{"type":"connection_ack"}']);
}

/** `{"p":[{},{},...]}` of about `megabytes` MB: millions of objects once parsed, as in the issue's attack. */
const hugePayload = (megabytes: number) => `{"p":[${"{},".repeat((megabytes * 1_000_000) / 3)}{}]}`;

const mebibyte = 1024 * 1024;

/** Waits until the server holds at most `open` WebSockets (its skein_ws_connections gauge): a closed one's place is free again. */
async function untilConnections(baseUrl: string, open = 0): Promise<void> {
  for (let attempt = 0; attempt < 200 && (await readMetric(baseUrl, "skein_ws_connections")) > open; attempt++) await sleep(25);
}

describe("the WebSocket endpoint against a hostile anonymous client (a spawned server, default WS_MAX_PAYLOAD_BYTES)", () => {
  let database: TestDatabase;
  let server: ServerProcess;
  const clientMax = 3;

  before(async () => {
    database = await createTestDatabase();
    server = await spawnServer(database.url, {
      env: {
        CLIENT_RATE_LIMIT_MAX: String(clientMax),
        // A day: a fixed window ending mid-test would reset the counts this test asserts.
        CLIENT_RATE_LIMIT_WINDOW_SECONDS: "86400",
        WS_CONNECTIONS_PER_CLIENT_MAX: "2",
      },
    });
  });
  after(async () => {
    await server?.kill();
    await database?.drop();
  });

  it("closes a socket whose message is over the cap with 1009 before parsing it: memory stays flat and the server answers", async (t) => {
    const rssBefore = await readMetric(server.url, "process_resident_memory_bytes");
    for (let n = 0; n < 3; n++) {
      const raw = await opened(server.url, fromNewAddress());
      raw.socket.send(`{"type":"connection_init","payload":${hugePayload(10)}}`);
      assert.equal(await raw.closeCodeWithin(20_000), 1009, `10 MB connection_init ${n + 1}`);
    }
    const pinger = await opened(server.url, fromNewAddress());
    await acknowledged(pinger);
    pinger.socket.send(`{"type":"ping","payload":${hugePayload(10)}}`);
    assert.equal(await pinger.closeCodeWithin(20_000), 1009, "10 MB ping");
    assert.deepEqual(pinger.messages, ['{"type":"connection_ack"}'], "no pong echoed the payload");

    const growth = (await readMetric(server.url, "process_resident_memory_bytes")) - rssBefore;
    t.diagnostic(`RSS growth after three 10 MB connection_init and one 10 MB ping: ${(growth / mebibyte).toFixed(1)} MiB`);
    assert.ok(growth < 64 * mebibyte, `RSS grew by ${(growth / mebibyte).toFixed(1)} MiB`);
    const answer = await server.client.request("{ __typename }", undefined, fromNewAddress());
    assert.deepEqual([answer.status, answer.data], [200, { __typename: "Query" }]);
  });

  it("refuses the upgrade past WS_CONNECTIONS_PER_CLIENT_MAX open connections per address with HTTP 429", async () => {
    const address = fromNewAddress();
    const first = await opened(server.url, address);
    const second = await opened(server.url, address);
    assert.deepEqual(await upgrade(server.url, address), { refused: 429, retryAfter: undefined });
    const elsewhere = await upgrade(server.url, fromNewAddress());
    assert.ok("socket" in elsewhere, "another address still connects");
    elsewhere.socket.close();
    first.socket.close();
    await first.closeCodeWithin(5_000);
    await untilConnections(server.url, 1);
    const third = await upgrade(server.url, address);
    assert.ok("socket" in third, "a closed connection frees its place");
    for (const raw of [second, third]) raw.socket.close();
  });

  it("counts each handshake against CLIENT_RATE_LIMIT_MAX, shared with HTTP", async () => {
    await untilConnections(server.url);
    const address = fromNewAddress();
    for (let n = 0; n < clientMax; n++) {
      const raw = await opened(server.url, address);
      raw.socket.close();
      await raw.closeCodeWithin(5_000);
      await untilConnections(server.url);
    }
    const refused = await upgrade(server.url, address);
    assert.ok("refused" in refused && refused.refused === 429 && Number(refused.retryAfter) > 0, JSON.stringify(refused));
    assert.equal((await server.client.request("{ __typename }", undefined, address)).status, 429);
  });

  it("answers a document nested too deeply to parse with QUERY_TOO_COMPLEX, keeps the socket, and logs JSON only", async () => {
    const raw = await opened(server.url, fromNewAddress());
    await acknowledged(raw);
    // 3,000 levels: under QUERY_TOKENS_MAX, deeper than graphql-js's recursive parser can go.
    const deep = `subscription { myJobUpdated { ${"report { ".repeat(3_000)}id${" }".repeat(3_000)} } }`;
    raw.socket.send(JSON.stringify({ id: "deep", type: "subscribe", payload: { query: deep } }));
    // A chain of 400 fragments, each spreading the next.
    const chain = Array.from({ length: 400 }, (_, i) => `fragment F${i} on Job { ${i < 399 ? `...F${i + 1}` : "id"} }`).join("\n");
    raw.socket.send(JSON.stringify({ id: "chain", type: "subscribe", payload: { query: `subscription { myJobUpdated { ...F0 } }\n${chain}` } }));
    for (let attempt = 0; attempt < 400 && raw.messages.filter((message) => message.includes('"complete"') || message.includes('"error"')).length < 2; attempt++) {
      await sleep(25);
    }
    assert.equal(await raw.closeCodeWithin(100), stillOpen);
    const replies = raw.messages.map((message) => JSON.parse(message) as { id?: string; payload?: { errors?: GraphQLFormattedError[] } | GraphQLFormattedError[] });
    const codesOf = (id: string) =>
      replies
        .filter((reply) => reply.id === id)
        .flatMap((reply) => (Array.isArray(reply.payload) ? reply.payload : (reply.payload?.errors ?? [])))
        .map((error) => error.extensions?.code);
    assert.deepEqual(codesOf("deep"), ["QUERY_TOO_COMPLEX"]);
    // Shallow once inlined: it runs, and the resolver refuses the anonymous caller.
    assert.deepEqual(codesOf("chain"), ["UNAUTHENTICATED"]);
    raw.socket.close();
    const notJson = server
      .output()
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("{"));
    assert.deepEqual(notJson, []);
  });
});

type Outcome = "running" | Ending;

/** The errors of graphql-ws's error message that refused a subscription. */
const refusal = (outcome: Outcome): GraphQLFormattedError[] =>
  outcome !== "running" && !outcome.completed && Array.isArray(outcome.error) ? (outcome.error as GraphQLFormattedError[]) : [];

const refusalCodes = (outcome: Outcome): unknown[] => refusal(outcome).map((error) => error.extensions?.code);

describe("subscription caps and token expiry on the WebSocket", () => {
  let database: TestDatabase;
  let capped: TestServer;
  let shortTokens: TestServer;
  let twoEach: TestServer;

  before(async () => {
    database = await createTestDatabase();
    capped = await startTestServer(database, { WS_SUBSCRIPTIONS_PER_CONNECTION_MAX: "2", WS_SUBSCRIPTIONS_PER_CLIENT_MAX: "3" });
    shortTokens = await startTestServer(database, { JWT_TTL_SECONDS: "3" });
    twoEach = await startTestServer(database, { WS_CONNECTIONS_PER_CLIENT_MAX: "2", WS_SUBSCRIPTIONS_PER_CLIENT_MAX: "2" });
  });
  after(async () => {
    for (const server of [capped, shortTokens, twoEach]) await server?.stop();
    await database?.drop();
  });

  /** A job of `userId` that stays QUEUED: marked dispatched, so no dispatcher queues it and no worker runs it. */
  async function queuedJob(userId: string): Promise<string> {
    const [row] = await database.query<{ id: string }>(
      "insert into jobs (kind, owner_id, max_attempts, dispatched_at) values ('WELCOME_EMAIL', $1, 1, now()) returning id",
      [userId],
    );
    return String(row.id);
  }

  /** Subscribes to the job; the outcome is "running" once its current state arrives, else how it ended. */
  async function follow(client: Client, jobId: string) {
    const updates = subscribe(client, FollowQueuedJob, { id: jobId });
    const running = updates.waitFor((result) => result.data?.jobUpdated.state === "QUEUED");
    const outcome = await Promise.race([running.then(() => "running" as const, () => updates.ended), updates.ended]);
    return { updates, outcome };
  }

  /** A slot is freed when the server has seen the complete or the close, which the client does not hear of: tries a few times. */
  async function followOnceFree(client: Client, jobId: string): Promise<Outcome> {
    let outcome: Outcome = "running";
    for (let attempt = 0; attempt < 40; attempt++) {
      outcome = (await follow(client, jobId)).outcome;
      if (outcome === "running") break;
      await sleep(50);
    }
    return outcome;
  }

  it("caps active subscriptions per connection and per user with RATE_LIMITED; a completed or closed one frees its slot", async () => {
    const user = await insertUser(database, capped);
    const jobId = await queuedJob(user.id);
    const [first, second, third] = [wsClient(capped.url, user.token), wsClient(capped.url, user.token), wsClient(capped.url, user.token)];
    try {
      const a = await follow(first, jobId);
      const b = await follow(first, jobId);
      assert.deepEqual([a.outcome, b.outcome], ["running", "running"]);
      const overConnection = (await follow(first, jobId)).outcome;
      assert.deepEqual(refusalCodes(overConnection), ["RATE_LIMITED"]);
      assert.match(refusal(overConnection)[0].message, /At most 2 active subscriptions per connection/);
      assert.equal((await follow(second, jobId)).outcome, "running");
      const overUser = (await follow(second, jobId)).outcome;
      assert.deepEqual(refusalCodes(overUser), ["RATE_LIMITED"]);
      assert.match(refusal(overUser)[0].message, /At most 3 active subscriptions per user/);
      assert.equal(refusal(overUser)[0].extensions?.retryAfterSeconds, 1);

      a.updates.unsubscribe();
      assert.equal(await followOnceFree(second, jobId), "running", "a completed subscription frees its slot");
      await first.dispose();
      assert.equal(await followOnceFree(third, jobId), "running", "a closed connection frees its slots");
    } finally {
      for (const client of [first, second, third]) await client.dispose();
    }
  });

  it("counts SSE streams and WebSockets together against the per-client connection and subscription caps", async () => {
    const user = await insertUser(database, twoEach);
    const jobId = await queuedJob(user.id);
    const stream = await subscribeOverSse(twoEach.url, print(FollowQueuedJob), { id: jobId }, user.token);
    assert.equal(stream.status, 200);
    await stream.received(1);
    const client = wsClient(twoEach.url, user.token);
    try {
      assert.equal((await follow(client, jobId)).outcome, "running");
      const overUser = (await follow(client, jobId)).outcome;
      assert.deepEqual(refusalCodes(overUser), ["RATE_LIMITED"], "the SSE subscription holds one of the user's two");
      const overConnections = await subscribeOverSse(twoEach.url, print(FollowQueuedJob), { id: jobId }, user.token);
      assert.equal(overConnections.status, 429, "the SSE stream and the WebSocket are the client's two connections");
    } finally {
      await client.dispose();
    }
  });

  it("closes the connection with 4403 when its token expires, and refuses the expired token afterwards", async () => {
    const user = await insertUser(database, shortTokens);
    const jobId = await queuedJob(user.id);
    const client = wsClient(shortTokens.url, user.token);
    try {
      const { updates, outcome } = await follow(client, jobId);
      assert.equal(outcome, "running");
      const ending = await Promise.race([updates.ended, sleep(10_000).then(() => stillOpen)]);
      assert.notEqual(ending, stillOpen, "the connection outlived its token");
      assert.equal(ending !== stillOpen && !ending.completed && ending.closeCode, 4403);
    } finally {
      await client.dispose();
    }
    const again = wsClient(shortTokens.url, user.token);
    try {
      const ending = await subscribe(again, FollowQueuedJob, { id: jobId }).ended;
      assert.equal(!ending.completed && ending.closeCode, 4403);
    } finally {
      await again.dispose();
    }
  });
});
