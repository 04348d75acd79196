import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type GraphQLFormattedError, getIntrospectionQuery } from "graphql";
import { type Client } from "graphql-ws";
import { errorCodes } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { signUpUser } from "./support/fixtures";
import { type JobsFixture, MyJobs, startJobsFixture, waitForFinalJob } from "./support/jobs";
import { fromNewAddress, insertUser } from "./support/limits";
import { type LogLine, captureLogs } from "./support/logs";
import { deleteKeys, sharedRedisEnv } from "./support/redis";
import { type TestServer, startTestServer } from "./support/server";
import { wsClient } from "./support/subscriptions";

/** What one subscribe message got: the data of each result and every error, whether in a result or the refusal. */
interface Outcome {
  data: unknown[];
  errors: GraphQLFormattedError[];
}

/** Sends one operation and waits for its end: completed, refused (graphql-ws's error message) or the socket closing. */
function send(client: Client, query: string, variables: Record<string, unknown> = {}): Promise<Outcome> {
  const outcome: Outcome = { data: [], errors: [] };
  return new Promise((resolve, reject) => {
    client.subscribe(
      { query, variables },
      {
        next: (result) => {
          if (result.data) outcome.data.push(result.data);
          outcome.errors.push(...(result.errors ?? []));
        },
        error: (error) => (Array.isArray(error) ? resolve({ ...outcome, errors: [...outcome.errors, ...error] }) : reject(error)),
        complete: () => resolve(outcome),
      },
    );
  });
}

/** Runs `query` on a connection of its own. */
async function sendOnce(url: string, query: string, options: { token?: string; headers?: Record<string, string>; variables?: Record<string, unknown> } = {}) {
  const client = wsClient(url, options.token, options.headers);
  try {
    return await send(client, query, options.variables);
  } finally {
    await client.dispose();
  }
}

const codes = (outcome: Outcome) => outcome.errors.map((error) => error.extensions?.code);

const watchJob = (selection: string) => `subscription ($id: ID!) { jobUpdated(id: $id) { ${selection} } }`;

describe("the WebSocket endpoint applies the HTTP endpoint's protections", () => {
  let fixture: JobsFixture;
  let database: TestDatabase;
  let production: TestServer;
  let strict: TestServer;
  let proxied: TestServer;
  const redisEnv = sharedRedisEnv();
  const clientMax = 3;

  before(async () => {
    fixture = await startJobsFixture();
    // A database of their own: every API drains its database's job outbox into its
    // own queue, so on the fixture's they would take its jobs where no worker runs them.
    database = await createTestDatabase();
    production = await startTestServer(database, { NODE_ENV: "production" });
    strict = await startTestServer(database, { QUERY_DEPTH_MAX: "2", QUERY_ALIASES_MAX: "2", QUERY_TOKENS_MAX: "40" });
    proxied = await startTestServer(database, {
      ...redisEnv,
      TRUST_PROXY: "loopback",
      CLIENT_RATE_LIMIT_MAX: String(clientMax),
      // A day: a fixed window ending mid-test would reset the counts this test asserts.
      CLIENT_RATE_LIMIT_WINDOW_SECONDS: "86400",
    });
  });
  after(async () => {
    for (const server of [production, strict, proxied]) await server?.stop();
    await database?.drop();
    await fixture?.stop();
    await deleteKeys(redisEnv);
  });

  it("refuses introspection over WebSocket when it is off (NODE_ENV=production)", async () => {
    for (const query of [getIntrospectionQuery(), "{ __schema { types { name } } }"]) {
      const outcome = await sendOnce(production.url, query);
      assert.deepEqual(outcome.data, []);
      assert.deepEqual([...new Set(codes(outcome))], ["BAD_USER_INPUT"]);
      assert.ok(outcome.errors.some((error) => /introspection has been disabled/.test(error.message)), JSON.stringify(outcome));
    }
  });

  it("refuses queries and mutations with BAD_USER_INPUT, pointing to HTTP", async () => {
    const refusals = [
      await sendOnce(fixture.server.url, "{ me { id } }"),
      await sendOnce(fixture.server.url, 'mutation { logIn(email: "a@example.com", password: "secret-password") { token } }'),
      // Introspection is on outside production, and still goes over HTTP only.
      await sendOnce(fixture.server.url, "{ __schema { queryType { name } } }"),
    ];
    for (const outcome of refusals) {
      assert.deepEqual(outcome.data, []);
      assert.deepEqual(codes(outcome), ["BAD_USER_INPUT"]);
      assert.match(outcome.errors[0].message, /Only subscriptions .* over HTTP/);
    }
  });

  it("answers QUERY_TOO_COMPLEX to a subscription past the depth or alias limit", async () => {
    const variables = { id: "1" };
    const tooDeep = await sendOnce(strict.url, watchJob("report { id }"), { variables });
    assert.deepEqual(codes(tooDeep), ["QUERY_TOO_COMPLEX"]);
    assert.match(tooDeep.errors[0].message, /3 levels deep; the limit is 2/);
    const tooManyAliases = await sendOnce(strict.url, watchJob("a: id b: id c: id"), { variables });
    assert.deepEqual(codes(tooManyAliases), ["QUERY_TOO_COMPLEX"]);
    assert.match(tooManyAliases.errors[0].message, /3 aliases; the limit is 2/);
    // Within the limits, the same server runs it (anonymous: the resolver refuses it, not the checks).
    assert.deepEqual(codes(await sendOnce(strict.url, watchJob("id state"), { variables })), ["UNAUTHENTICATED"]);
  });

  it("caps a subscription's tokens as Apollo caps a request's (QUERY_TOKENS_MAX)", async () => {
    const outcome = await sendOnce(strict.url, watchJob("id ".repeat(50)), { variables: { id: "1" } });
    assert.deepEqual(codes(outcome), ["BAD_USER_INPUT"]);
    assert.equal(outcome.errors[0].extensions?.reason, "GRAPHQL_PARSE_FAILED");
  });

  it("answers a wrongly typed variable with BAD_USER_INPUT, as HTTP does", async () => {
    const variables = { id: { not: "an id" } };
    const overWebSocket = await sendOnce(fixture.server.url, watchJob("id"), { variables });
    const overHttp = await fixture.server.client.request("query ($id: ID!) { job(id: $id) { id } }", variables);
    assert.deepEqual(codes(overWebSocket), ["BAD_USER_INPUT"]);
    assert.deepEqual(errorCodes(overHttp), ["BAD_USER_INPUT"]);
  });

  it("never sends extensions.http: that is for HTTP's status line", async () => {
    // A resolver's error (UNAUTHENTICATED carries status 401) and a refusal (QUERY_TOO_COMPLEX carries 400).
    const unauthenticated = await sendOnce(production.url, "subscription { myJobUpdated { id } }");
    assert.deepEqual(unauthenticated.errors.map((error) => error.extensions), [{ code: "UNAUTHENTICATED" }]);
    const tooDeep = await sendOnce(strict.url, watchJob("report { id }"), { variables: { id: "1" } });
    assert.deepEqual(codes(tooDeep), ["QUERY_TOO_COMPLEX"]);
    assert.equal(Object.hasOwn(tooDeep.errors[0].extensions ?? {}, "http"), false, JSON.stringify(tooDeep.errors[0].extensions));
  });

  it("still runs a normal jobUpdated subscription", async () => {
    const alice = await signUpUser(fixture.server.client, "Alice");
    const jobId = (await alice.client.data(MyJobs, {})).jobs.nodes[0].id;
    await waitForFinalJob(alice.client, jobId);
    const outcome = await sendOnce(fixture.server.url, watchJob("id state"), { token: alice.token, variables: { id: jobId } });
    assert.deepEqual(outcome, { data: [{ jobUpdated: { id: jobId, state: "COMPLETED" } }], errors: [] });
  });

  it("counts anonymous clients by their X-Forwarded-For address behind a trusted proxy, as HTTP does", async () => {
    const first = fromNewAddress();
    const second = fromNewAddress();
    // The client limit comes before every other check: an allowed query is refused as a query, a counted-out one as RATE_LIMITED.
    const attempt = async (headers: Record<string, string>) => codes(await sendOnce(proxied.url, "{ __typename }", { headers }))[0];
    // Each attempt is a connection of its own: its handshake and its message count one request each.
    for (const address of [first, second]) {
      assert.equal(await attempt(address), "BAD_USER_INPUT", "requests 1 and 2");
      assert.equal(await attempt(address), "RATE_LIMITED", "request 3 (the handshake) is allowed, 4 is not");
    }
    assert.equal(await attempt(fromNewAddress()), "BAD_USER_INPUT");
    // HTTP computes the same address from the same header, so it shares the count.
    assert.equal((await proxied.client.request("{ __typename }", undefined, first)).status, 429);
  });
});

describe("a fault of ours over WebSocket is masked and logged as on HTTP", () => {
  let database: TestDatabase;
  let production: TestServer;
  const logs = captureLogs();

  before(async () => {
    database = await createTestDatabase();
    production = await startTestServer(database, { NODE_ENV: "production" }, { logTo: logs.stream });
  });
  after(async () => {
    await database?.query("alter table jobs_gone rename to jobs").catch(() => undefined);
    await production?.stop();
    await database?.drop();
  });

  it("answers INTERNAL_SERVER_ERROR with a generic message, and logs the failure in full with a request id", async () => {
    const user = await insertUser(database, production);
    // The table jobUpdated reads is gone.
    await database.query("alter table jobs rename to jobs_gone");
    const outcome = await sendOnce(production.url, watchJob("id"), { token: user.token, variables: { id: "1" } });
    assert.deepEqual(outcome.errors.map((error) => [error.message, error.extensions]), [["Internal server error", { code: "INTERNAL_SERVER_ERROR" }]]);
    const isTheFailure = (line: LogLine) => line.msg === "resolver failed" && typeof line.requestId === "string";
    await logs.waitFor(isTheFailure);
    const line = logs.lines.find(isTheFailure);
    assert.match(JSON.stringify(line?.err), /relation .*jobs.* does not exist/);
  });
});
