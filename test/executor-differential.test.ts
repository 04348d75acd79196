import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type GatewayGraphQLRequestContext } from "@apollo/server-gateway-interface";
import { type ExecutionResult, type GraphQLSchema, execute, getOperationAST, parse, validate } from "graphql";
import { featureResolvers } from "../src/features";
import { type Context, createContext } from "../src/graphql/context";
import { jitExecutor, resultWriter } from "../src/graphql/executor/jit-gateway";
import { buildAppSchema } from "../src/graphql/schema";
import { type Viewer } from "../src/identity/tokens";
import { differentialCorpus } from "./support/differential-corpus";
import { errorCodes } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { type TestUser, createItem, signUpUser } from "./support/fixtures";
import { readMetric } from "./support/metrics";
import { type TestServer, startTestServer } from "./support/server";

/** What Apollo writes for a result: formatted errors first, then data; JSON and a newline. */
function written(result: ExecutionResult, write: (formatted: never) => string): string {
  const formatted = { ...(result.errors ? { errors: result.errors.map((error) => error.toJSON()) } : {}), ...("data" in result ? { data: result.data } : {}) };
  return write(formatted as never);
}

describe("compiled execution answers every document of the corpus as graphql-js does", () => {
  let database: TestDatabase;
  let server: TestServer;
  let schema: GraphQLSchema;
  let seller: TestUser;
  let viewer: Viewer;
  const ids: Record<string, string> = {};

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer(database);
    schema = await buildAppSchema(featureResolvers);
    seller = await signUpUser(server.client, "Seller");
    const item = await createItem(seller, { sku: "DIFF-1", stock: 3 });
    await createItem(seller, { sku: "DIFF-2" });
    viewer = await server.app.services.tokens.verify(seller.token);
    Object.assign(ids, { user: seller.id, item: item.id });
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  const contextFor = (signedIn: boolean): Context =>
    createContext(server.app.services, { requestId: "differential", viewer: signedIn ? viewer : null, clientIp: "127.0.0.1", originOf: () => server.url });

  it(`has at least 75 documents`, () => assert.ok(differentialCorpus.length >= 75, `${differentialCorpus.length} documents`));

  it("gives byte-identical answers (data and errors) on both executors", async () => {
    const executor = jitExecutor(schema, server.app.metrics);
    const stringifyResult = resultWriter(server.app.metrics);
    const mismatches: string[] = [];
    for (const entry of differentialCorpus) {
      const document = parse(entry.query);
      assert.deepEqual(validate(schema, document), [], `the corpus holds valid documents only: ${entry.name}`);
      const variables = entry.variables?.(ids) ?? {};
      const operationName = entry.operationName ?? null;
      const expected = await execute({ schema, document, operationName, variableValues: variables, contextValue: contextFor(entry.signedIn ?? false) });
      const compiled = executor({
        document,
        operation: getOperationAST(document, operationName) ?? undefined,
        operationName,
        context: contextFor(entry.signedIn ?? false),
        request: { query: entry.query, operationName: operationName ?? undefined, variables },
      } as unknown as GatewayGraphQLRequestContext).then(
        (result) => written(result as ExecutionResult, stringifyResult),
        (error: Error) => `threw ${error.message}\n`,
      );
      const want = written(expected, (formatted) => `${JSON.stringify(formatted)}\n`);
      const got = await compiled;
      if (want !== got) mismatches.push(`${entry.name}\n  graphql-js: ${want}  compiled:   ${got}`);
    }
    assert.deepEqual(mismatches, []);
  });

  describe("over HTTP (Apollo around the compiled executor)", () => {
    const post = (body: unknown) => server.client.post(JSON.stringify(body));

    it("answers several operations without operationName, or an unknown operationName, with 400 BAD_USER_INPUT", async () => {
      for (const operationName of [undefined, "C"]) {
        const response = await post({ query: "query A { me { id } } query B { items(first: 1) { totalCount } }", operationName });
        assert.equal(response.status, 400);
        assert.deepEqual(errorCodes(response), ["BAD_USER_INPUT"]);
      }
    });

    it("answers an alias __proto__ with the field's value, on a String field and on an object", async () => {
      const response = await post({ query: "{ __proto__: items(first: 1) { totalCount } items(first: 1) { nodes { __proto__: sku } } }" });
      assert.equal(response.status, 200);
      // JSON.parse makes `__proto__` an own property: read it as one.
      const own = (object: unknown, key: string) => Object.getOwnPropertyDescriptor(object, key)?.value;
      const data = response.data as { items: { nodes: unknown[] } };
      assert.deepEqual(own(data, "__proto__"), { totalCount: 2 });
      assert.equal(own(data.items.nodes[0], "__proto__"), "DIFF-1");
    });

    it("runs with absent variables named $constructor, $toString and $__proto__", async () => {
      const response = await post({ query: "query ($constructor: Int, $toString: Int, $__proto__: Int) { a: items(first: $constructor) { totalCount } b: items(first: $toString) { totalCount } c: items(first: $__proto__) { totalCount } }" });
      assert.equal(response.status, 200);
      assert.deepEqual(errorCodes(response), []);
      assert.deepEqual(response.data, { a: { totalCount: 2 }, b: { totalCount: 2 }, c: { totalCount: 2 } });
    });

    it("runs a catalog query compiled and writes it with its compiled writer, as the metrics show: Apollo hands the executor's data to stringifyResult untouched", async () => {
      const counts = async () => ({
        jit: await readMetric(server.url, "skein_graphql_executions_total", { executor: "jit" }),
        graphqlJs: await readMetric(server.url, "skein_graphql_executions_total", { executor: "graphql-js" }),
        compiled: await readMetric(server.url, "skein_graphql_results_written_total", { writer: "compiled" }),
        generic: await readMetric(server.url, "skein_graphql_results_written_total", { writer: "generic" }),
      });
      const sent = async (query: string) => {
        const before = await counts();
        const response = await post({ query });
        assert.deepEqual(errorCodes(response), []);
        const after = await counts();
        return { jit: after.jit - before.jit, graphqlJs: after.graphqlJs - before.graphqlJs, compiled: after.compiled - before.compiled, generic: after.generic - before.generic };
      };
      assert.deepEqual(await sent("{ users(first: 5) { nodes { name items(first: 3) { nodes { sku owner { name } } } } } }"), { jit: 1, graphqlJs: 0, compiled: 1, generic: 0 });
      assert.deepEqual(await sent("{ items(first: 1) { nodes { constructor: sku } } }"), { jit: 0, graphqlJs: 1, compiled: 0, generic: 1 });
    });

    it("refuses @skip(if: $s) with an explicit null for a default of true (400 BAD_USER_INPUT), and skips with the default", async () => {
      const query = "query ($s: Boolean = true) { items(first: 1) @skip(if: $s) { totalCount } me { id } }";
      const withNull = await post({ query, variables: { s: null } });
      assert.equal(withNull.status, 400);
      assert.deepEqual(errorCodes(withNull), ["BAD_USER_INPUT"]);
      assert.deepEqual((await post({ query, variables: {} })).data, { me: null });
    });
  });
});
