import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import { inBatches } from "./support/batches";
import { type GraphQLResponse, errorCodes } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { createItem, signUpUser, unique } from "./support/fixtures";
import { captureLogs } from "./support/logs";
import { deleteKeys, sharedRedisEnv } from "./support/redis";
import { type TestServer, startTestServer } from "./support/server";

// What an anonymous client did to main (issue 8, items 2, 3, 7 and 11), each refused now;
// item 8 (schema hints in production) is in limits-production-defaults.test.ts.

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
const apq = (query: string, withQuery = true) =>
  JSON.stringify({ ...(withQuery ? { query } : {}), extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });

/** The bytes Redis holds for the keys under `prefix` (MEMORY USAGE), and the longest key's length. */
async function redisFootprint(redis: Redis, prefix: string): Promise<{ bytes: number; longestKey: number; keys: string[] }> {
  const keys: string[] = [];
  for await (const batch of redis.scanStream({ match: `${prefix}*`, count: 1000 }) as AsyncIterable<string[]>) keys.push(...batch);
  let bytes = 0;
  for (const key of keys) bytes += (await redis.memory("USAGE", key)) ?? 0;
  return { bytes, longestKey: Math.max(0, ...keys.map((key) => key.length)), keys };
}

/** A chain of `length` fragments, each one spreading the next three fields deeper. */
function fragmentChain(length: number): string {
  const fragments = Array.from({ length }, (_, i) =>
    i === length - 1 ? `fragment F${i} on User { id }` : `fragment F${i} on User { items(first: 1) { nodes { owner { ...F${i + 1} } } } }`,
  );
  return `query Chain { users(first: 1) { nodes { ...F0 } } }\n${fragments.join("\n")}`;
}

const assertBadInput = (response: GraphQLResponse<unknown>, what: string) => {
  assert.ok(response.status < 500, `${what}: HTTP ${response.status}`);
  assert.deepEqual(errorCodes(response), ["BAD_USER_INPUT"], `${what}: ${JSON.stringify(response.errors)}`);
};

describe("abuse over HTTP", () => {
  let database: TestDatabase;
  let server: TestServer;
  let redis: Redis;
  const redisEnv = sharedRedisEnv();
  const logs = captureLogs();

  before(async () => {
    database = await createTestDatabase();
    // A token cap roomy enough for a document deeper than the parser can go, on any Node version.
    server = await startTestServer(database, { ...redisEnv, BODY_LIMIT_BYTES: "2000000", QUERY_TOKENS_MAX: "100000" }, { logTo: logs.stream });
    redis = new Redis(redisEnv.REDIS_URL);
  });
  after(async () => {
    await server?.stop();
    await deleteKeys(redisEnv);
    redis?.disconnect();
    await database?.drop();
  });

  it("keeps /metrics small after operations with 100,000-character names", async (t) => {
    await inBatches(60, 10, (i) => server.client.request(`query A${i}_${"x".repeat(100_000)} { __typename }`));
    await server.client.request("query Short_name_1 { __typename }");
    const response = await fetch(`${server.url}/metrics`);
    const text = await response.text();
    assert.equal(response.status, 200);
    t.diagnostic(`/metrics after 60 operations with 100,000-character names: ${text.length} bytes`);
    assert.ok(text.length < 200_000, `/metrics is ${text.length} bytes`);
    assert.match(text, /skein_graphql_operations_total\{operation="invalid",type="query",outcome="success"\} 60/);
    assert.match(text, /operation="Short_name_1"/);
  });

  it("refuses to persist a query over APQ_MAX_BYTES, and Redis does not grow", async (t) => {
    const before = await redisFootprint(redis, redisEnv.REDIS_KEY_PREFIX);
    const big = `query Big { __typename } # ${"c".repeat(950_000)}`;
    for (let i = 0; i < 3; i++) assertBadInput(await server.client.post(apq(`${big}${i}`)), "a 950 KB persisted query");
    // A small one is stored: once it is found by its hash, any earlier write has reached Redis too.
    const small = "query Small { __typename }";
    assert.deepEqual(errorCodes(await server.client.post(apq(small))), []);
    for (let tries = 0; errorCodes(await server.client.post(apq(small, false))).length > 0 && tries < 50; tries++) await new Promise((r) => setTimeout(r, 20));
    const grown = (await redisFootprint(redis, redisEnv.REDIS_KEY_PREFIX)).bytes - before.bytes;
    t.diagnostic(`Redis growth after three 950 KB APQ registrations and one small one: ${grown} bytes`);
    assert.ok(grown < 10_000, `Redis grew by ${grown} bytes`);
    assert.deepEqual(errorCodes(await server.client.post(apq(`${big}0`, false))), ["PERSISTED_QUERY_NOT_FOUND"]);
  });

  it("keeps logIn's rate-limit key short for a 1 MB email", async (t) => {
    const email = `${"e".repeat(1_000_000)}@example.com`;
    await server.client.request("mutation LogIn($email: String!, $password: String!) { logIn(email: $email, password: $password) { token } }", {
      email,
      password: "whatever-password",
    });
    const { keys, longestKey } = await redisFootprint(redis, `${redisEnv.REDIS_KEY_PREFIX}rl:logIn:`);
    assert.ok(keys.length > 0, "logIn counted the call");
    t.diagnostic(`longest logIn rate-limit key after a 1 MB email: ${longestKey} characters`);
    assert.ok(longestKey < 200, `a key of ${longestKey} characters`);
  });

  it("refuses NUL, other control characters and lone surrogates in every mutation's text as BAD_USER_INPUT", async () => {
    const user = await signUpUser(server.client);
    const item = await createItem(user);
    const sends: Array<[string, (text: string) => Promise<GraphQLResponse<unknown>>]> = [
      ["signUp", (text) => server.client.request("mutation S($input: SignUpInput!) { signUp(input: $input) { token } }", { input: { name: text, email: `nul-${unique()}@example.com`, password: "long enough password" } })],
      ["logIn", (text) => server.client.request("mutation L($e: String!, $p: String!) { logIn(email: $e, password: $p) { token } }", { e: `${text}@example.com`, p: "long enough password" })],
      ["updateProfile", (text) => user.client.request("mutation U($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }", { input: { name: text } })],
      ["createItem", (text) => user.client.request("mutation C($input: CreateItemInput!) { createItem(input: $input) { id } }", { input: { sku: `S-${unique()}`, name: text, priceCents: 1, stock: 1 } })],
      ["placeOrder", (text) => user.client.request("mutation P($id: ID!, $key: String) { placeOrder(itemId: $id, quantity: 1, idempotencyKey: $key) { id } }", { id: item.id, key: text })],
    ];
    for (const [mutation, send] of sends) {
      for (const text of ["a\u0000b", "bell\u0007", "half \uD800 pair"]) assertBadInput(await send(text), `${mutation} with ${JSON.stringify(text)}`);
    }
    const literal = await user.client.request('mutation { updateProfile(input: { name: "x\\u0000y" }) { id } }');
    assertBadInput(literal, "a NUL in a literal");
    assert.equal(literal.errors?.[0].extensions?.field, "name");
    const fine = await user.client.request("mutation U($input: UpdateProfileInput!) { updateProfile(input: $input) { name } }", { input: { name: "Tab\there, ünïcode 😀" } });
    assert.deepEqual(errorCodes(fine), []);
  });

  it("logs and answers a failed statement without its parameters (the password hash)", async () => {
    await database.query("alter table users add constraint no_boom check (name <> 'boom')");
    try {
      const response = await server.client.request("mutation S($input: SignUpInput!) { signUp(input: $input) { token } }", {
        input: { name: "boom", email: `boom-${unique()}@example.com`, password: "long enough password" },
      });
      assert.deepEqual(errorCodes(response), ["INTERNAL_SERVER_ERROR"]);
      await logs.waitFor((line) => line.msg === "resolver failed");
      const logged = JSON.stringify(logs.lines.filter((line) => line.msg === "resolver failed"));
      assert.match(logged, /no_boom/, "the log still says which constraint failed");
      for (const leak of [/\$argon2/, /params/i, /insert into/i, /Failing row/]) {
        assert.doesNotMatch(logged, leak, "the log line");
        assert.doesNotMatch(JSON.stringify(response.errors), leak, "the development response");
      }
    } finally {
      await database.query("alter table users drop constraint no_boom");
    }
  });

  it("refuses a chain of 400 nested fragments with QUERY_TOO_COMPLEX, and keeps answering", async () => {
    const response = await server.client.request(fragmentChain(400));
    assert.equal(response.status, 400);
    assert.deepEqual(errorCodes(response), ["QUERY_TOO_COMPLEX"]);
    assert.deepEqual((await server.client.request("{ __typename }")).data, { __typename: "Query" });
  });

  it("refuses a document too deep for the parser with QUERY_TOO_COMPLEX, as WebSocket does", async () => {
    const levels = 20_000;
    const response = await server.client.request(`{ ${"me { ".repeat(levels)}id${" }".repeat(levels)} }`);
    assert.equal(response.status, 400);
    assert.deepEqual(errorCodes(response), ["QUERY_TOO_COMPLEX"]);
    assert.deepEqual((await server.client.request("{ __typename }")).data, { __typename: "Query" });
  });
});

describe("/metrics with METRICS_TOKEN", () => {
  let database: TestDatabase;
  let server: TestServer;
  const token = `metrics-${unique()}-${unique()}`;

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer(database, { METRICS_TOKEN: token });
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("answers only a scrape with the bearer token", async () => {
    const scrape = (headers: Record<string, string> = {}) => fetch(`${server.url}/metrics`, { headers });
    assert.equal((await scrape()).status, 401);
    assert.equal((await scrape({ authorization: "Bearer wrong-token-of-some-length" })).status, 401);
    const allowed = await scrape({ authorization: `Bearer ${token}` });
    assert.equal(allowed.status, 200);
    assert.match(await allowed.text(), /skein_http_requests_total/);
  });
});

describe("a job whose statement fails", () => {
  let database: TestDatabase;
  let server: TestServer;
  const logs = captureLogs();

  before(async () => {
    database = await createTestDatabase();
    // No REDIS_URL: this process runs the jobs. One attempt, so the job fails at once.
    server = await startTestServer(database, { JOB_MAX_ATTEMPTS: "1" }, { logTo: logs.stream });
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("records and logs the failure without the statement's SQL or parameters", async () => {
    const user = await signUpUser(server.client);
    await createItem(user, { sku: `SECRET-SKU-${unique()}` });
    await database.query("alter table reports add constraint no_reports check (false) not valid");
    const started = await user.client.request<{ generateReport: { id: string } }, object>("mutation { generateReport(kind: INVENTORY_CSV) { id } }");
    const id = started.data!.generateReport.id;
    let job: { state: string; error: string | null } | undefined;
    for (let tries = 0; job?.state !== "FAILED" && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = (await user.client.request<{ job: typeof job }, { id: string }>("query J($id: ID!) { job(id: $id) { state error } }", { id })).data?.job ?? undefined;
    }
    assert.equal(job?.state, "FAILED");
    assert.match(job!.error!, /no_reports/, "the error still says what failed");
    const logged = JSON.stringify(logs.lines.filter((line) => line.jobId !== undefined));
    for (const leak of [/SECRET-SKU/, /params/i, /insert into/i]) {
      assert.doesNotMatch(job!.error!, leak, "the job's error");
      assert.doesNotMatch(logged, leak, "the job's log lines");
    }
  });
});
