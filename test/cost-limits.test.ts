import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { getIntrospectionQuery } from "graphql";
import { graphql } from "./__generated__";
import { type GraphQLResponse, errorCodes } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { deleteKeys, sharedRedisEnv } from "./support/redis";
import { type TestServer, startTestServer } from "./support/server";

const NestedCatalog = graphql(`
  query CostNestedCatalog { users(first: 50) { nodes { items(first: 10) { nodes { owner { name } } } } } }
`);

const OverBudget = graphql(`
  query CostOverBudget { users(first: 100) { nodes { items(first: 100) { nodes { id name } } } } }
`);

const Me = graphql(`
  query CostMe { me { id } }
`);

/** `users { nodes { items { nodes { owner { items ... } } } } }`, `levels` fields deep. */
function deepQuery(levels: number): string {
  let selection = "id";
  for (let depth = 3; depth < levels; depth += 3) selection = `items(first: 1) { nodes { owner { ${selection} } } }`;
  return `{ users(first: 1) { nodes { ${selection} } } }`;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const apq = (hash: string, query?: string) => JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

describe("query cost, depth and abuse limits", () => {
  let database: TestDatabase;
  let server: TestServer;
  let other: TestServer;
  const redisEnv = sharedRedisEnv();

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer(database, redisEnv);
    other = await startTestServer(database, redisEnv);
  });
  after(async () => {
    await server?.stop();
    await other?.stop();
    await database?.drop();
    await deleteKeys(redisEnv);
  });

  /** Whatever was refused, the process still answers a normal query. */
  async function assertStillServing(): Promise<void> {
    assert.deepEqual(await server.client.data(Me), { me: null });
  }

  it("reports the cost of every operation it runs: first x children, as GitHub counts", async () => {
    const response = await server.client.request(NestedCatalog);
    assert.deepEqual(errorCodes(response), []);
    // users: 1 + 50 x (nodes: 1 + items: (1 + 10 x (nodes: 1 + owner: (1 + name: 1))))
    assert.deepEqual(response.extensions?.cost, { requested: 1 + 50 * (1 + 1 + 10 * 3), limit: 10_000 });
  });

  const refusals: Array<{ what: string; send: () => Promise<GraphQLResponse<unknown>>; status: number; code: string }> = [
    { what: "a query 30 levels deep", send: () => server.client.request(deepQuery(30)), status: 400, code: "QUERY_TOO_COMPLEX" },
    { what: "a query over the cost budget", send: () => server.client.request(OverBudget), status: 400, code: "QUERY_TOO_COMPLEX" },
    {
      what: "500 aliases of one field",
      send: () => server.client.request(`{ ${Array.from({ length: 500 }, (_, n) => `a${n}: me { id }`).join(" ")} }`),
      status: 400,
      code: "QUERY_TOO_COMPLEX",
    },
    {
      what: "a batch of 100 operations",
      send: () => server.client.post(JSON.stringify(Array.from({ length: 100 }, () => ({ query: "{ me { id } }" })))),
      status: 400,
      code: "BAD_USER_INPUT",
    },
    {
      what: "a 5 MB body",
      send: () => server.client.post(JSON.stringify({ query: `{ me { id } }${" ".repeat(5_000_000)}` })),
      status: 413,
      code: "BAD_USER_INPUT",
    },
    {
      what: "a document of 50,000 tokens (before parsing it whole)",
      send: () => server.client.request(`{ me { ${"id ".repeat(50_000)}} }`),
      status: 400,
      code: "BAD_USER_INPUT",
    },
    { what: "an APQ hash that does not match its query", send: () => server.client.post(apq("0".repeat(64), "{ me { id } }")), status: 400, code: "BAD_USER_INPUT" },
  ];

  for (const { what, send, status, code } of refusals) {
    it(`refuses ${what} with ${code}, then answers the next query`, async () => {
      const response = await send();
      assert.equal(response.status, status);
      assert.deepEqual(errorCodes(response), [code]);
      if (code === "QUERY_TOO_COMPLEX") {
        const cost = response.errors?.[0].extensions?.cost as { requested: number; limit: number };
        assert.equal(cost.limit, 10_000);
        assert.equal(typeof cost.requested, "number");
      }
      assert.equal(response.data, undefined, "nothing was executed");
      await assertStillServing();
    });
  }

  it("reports the requested cost of an operation over the budget", async () => {
    const response = await server.client.request(OverBudget);
    assert.deepEqual(response.errors?.[0].extensions?.cost, { requested: 1 + 100 * (1 + 1 + 100 * 3), limit: 10_000 });
  });

  it("costs an operation once for all the ids it names, and still refuses it after a call with invalid variables", async () => {
    const overBudget = `query CostOverBudgetById($id: ID!) { user(id: $id) { id } users(first: 100) { nodes { items(first: 100) { nodes { id } } } } }`;
    const invalid = await server.client.request(overBudget, { id: { not: "an id" } });
    assert.ok(!errorCodes(invalid).includes("QUERY_TOO_COMPLEX"), "invalid variables are reported by execution");
    for (const id of ["1", "2"]) assert.deepEqual(errorCodes(await server.client.request(overBudget, { id })), ["QUERY_TOO_COMPLEX"]);

    const withinBudget = `query CostUserById($id: ID!) { user(id: $id) { id } users(first: 2) { nodes { id } } }`;
    for (const id of ["1", "2"]) {
      const response = await server.client.request(withinBudget, { id });
      assert.deepEqual(response.extensions?.cost, { requested: 1 + 1 + 1 + 2 * 2, limit: 10_000 });
    }
  });

  it("lets the explorers' introspection query through, though it is 15 levels deep", async () => {
    const response = await server.client.request(getIntrospectionQuery());
    assert.deepEqual(errorCodes(response), []);
  });

  it("keeps persisted queries in Redis: a hash registered on one server runs on another", async () => {
    const query = `query CostPersisted { me { id } } # ${Math.random()}`;
    const unknown = await other.client.post(apq(sha256(query)));
    assert.deepEqual(errorCodes(unknown), ["PERSISTED_QUERY_NOT_FOUND"]);

    assert.deepEqual(errorCodes(await server.client.post(apq(sha256(query), query))), []);
    const byHash = await other.client.post(apq(sha256(query)));
    assert.deepEqual(errorCodes(byHash), []);
    assert.deepEqual(byHash.data, { me: null });
  });
});

describe("with limits switched off (LIMITS_ENABLED=false, for benchmarks)", () => {
  let database: TestDatabase;
  let server: TestServer;

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer(database, { LIMITS_ENABLED: "false" });
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("runs an operation over the budget and reports no cost", async () => {
    const response = await server.client.request(OverBudget);
    assert.deepEqual(errorCodes(response), []);
    assert.equal(response.extensions?.cost, undefined);
  });
});
