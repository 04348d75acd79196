import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type GraphQLFormattedError, type OperationDefinitionNode, buildSchema, parse } from "graphql";
import { memoizedOperationLimits } from "../src/graphql/limits/limits-memo";
import { errorCodes } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { type TestServer, startTestServer } from "./support/server";
import { wsClient } from "./support/subscriptions";

/** `users → items → owner → items → owner → items`, every page `first: <first>`: 345,241 with 20. */
const sixLevels = (first: string, variables = "") =>
  `query ${variables} { users(first: ${first}) { nodes { items(first: ${first}) { nodes { owner { items(first: ${first}) { nodes { owner { items(first: ${first}) { nodes { id } } } } } } } } } } }`;

describe("no document escapes the cost limit", () => {
  let database: TestDatabase;
  let server: TestServer;

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer(database);
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  const post = (query: string, variables?: string) => server.client.post(`{"query":${JSON.stringify(query)}${variables ? `,"variables":${variables}` : ""}}`);

  it("costs `first: null` as the default page the resolver reads: six levels are refused with null as with 20", async () => {
    for (const first of ["20", "null"]) {
      const response = await post(sixLevels(first));
      assert.deepEqual(errorCodes(response), ["QUERY_TOO_COMPLEX"], `first: ${first}`);
      assert.deepEqual(response.errors?.[0].extensions?.cost, { requested: 345_241, limit: 10_000 });
    }
  });

  it("costs a page sized by a variable named $__proto__, absent or null, as the default page", async () => {
    for (const variables of ["{}", '{"__proto__":null}']) {
      const response = await post(sixLevels("$__proto__", "($__proto__: Int)"), variables);
      assert.deepEqual(errorCodes(response), ["QUERY_TOO_COMPLEX"], variables);
    }
  });

  it("keeps refusing an operation without its variable after a call with that variable null (the memo tells absent from null)", async () => {
    const query = "query Poison($n: Int = 100) { users(first: $n) { nodes { items(first: $n) { nodes { id } } } } }";
    assert.deepEqual(errorCodes(await post(query, "{}")), ["QUERY_TOO_COMPLEX"]);
    assert.deepEqual(errorCodes(await post(query, '{"n":null}')), []);
    assert.deepEqual(errorCodes(await post(query, "{}")), ["QUERY_TOO_COMPLEX"]);
    assert.deepEqual(errorCodes(await post(query)), ["QUERY_TOO_COMPLEX"]);
  });

  it("refuses a subscription whose @skip gets null for a default of true with BAD_USER_INPUT, and keeps the socket open", async () => {
    const client = wsClient(server.url);
    /** Every error one subscribe got, in a result or as the refusal. */
    const subscribeOnce = (variables: Record<string, unknown>) =>
      new Promise<GraphQLFormattedError[]>((resolve, reject) => {
        const errors: GraphQLFormattedError[] = [];
        const query = 'subscription ($s: Boolean = true) { jobUpdated(id: "1") { id @skip(if: $s) } }';
        client.subscribe(
          { query, variables },
          {
            next: (result) => errors.push(...(result.errors ?? [])),
            error: (error) => (Array.isArray(error) ? resolve([...errors, ...error]) : reject(error)),
            complete: () => resolve(errors),
          },
        );
      });
    try {
      const refused = await subscribeOnce({ s: null });
      assert.deepEqual(refused.map((error) => error.extensions?.code), ["BAD_USER_INPUT"]);
      // The same socket takes the next subscribe (the resolver refuses an anonymous one).
      const next = await subscribeOnce({});
      assert.deepEqual(next.map((error) => error.extensions?.code), ["UNAUTHENTICATED"]);
    } finally {
      await client.dispose();
    }
  });
});

describe("the cost memo's memory", () => {
  const schema = buildSchema("type Query { users(first: Int = 20, ids: [Int]): [User] } type User { id: ID }");
  const limits = { depthMax: 12, aliasesMax: 30, costMax: 1_000_000, pageSizeMax: 100 };

  it("remembers at most 32 variable sets per document, however many distinct ones arrive, and none past 1 KB", () => {
    const check = memoizedOperationLimits(limits);
    const document = parse("query ($n: Int, $ids: [Int]) { users(first: $n, ids: $ids) { id } }");
    const operation = document.definitions[0] as OperationDefinitionNode;
    for (let n = 0; n < 5_000; n++) check({ schema, document, operation, variables: { n } });
    assert.equal(check.rememberedFor(document), 32);

    const large = parse("query ($n: Int, $ids: [Int]) { users(first: $n, ids: $ids) { id } }");
    const largeOperation = large.definitions[0] as OperationDefinitionNode;
    const ids = Array.from({ length: 400 }, (_, index) => index);
    for (let n = 0; n < 100; n++) check({ schema, document: large, operation: largeOperation, variables: { n, ids } });
    assert.equal(check.rememberedFor(large), 0);
  });
});
