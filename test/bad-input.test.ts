import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { graphql } from "./__generated__";
import { type GraphQLResponse, errorCodes } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { type TestServer, startTestServer } from "./support/server";

const Users = graphql(`
  query BadInputUsers($first: Int) { users(first: $first) { nodes { id } } }
`);

/** A refusal a client can act on: 4xx or a GraphQL error with a contract code, never a 500. */
function assertRefused(response: GraphQLResponse<unknown>, code = "BAD_USER_INPUT"): void {
  assert.ok(response.status < 500, `HTTP ${response.status}`);
  assert.equal(errorCodes(response)[0], code, JSON.stringify(response.errors));
  assert.ok(response.errors?.[0].message, "a message a person can read");
}

describe("bad input", () => {
  let database: TestDatabase;
  let server: TestServer;

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer(database, { BODY_LIMIT_BYTES: "100000" });
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("refuses a body that is not JSON with HTTP 400", async () => {
    const response = await server.client.post('{"query": "{ users { nodes { id } } }"');
    assert.equal(response.status, 400);
    assertRefused(response);
  });

  it("refuses a body over the size limit with HTTP 413", async () => {
    const response = await server.client.post(JSON.stringify({ query: `{ users { nodes { id } } } #${"x".repeat(200_000)}` }));
    assert.equal(response.status, 413);
    assertRefused(response);
  });

  it("refuses JSON that is not a GraphQL request with HTTP 400", async () => {
    for (const body of ['"just a string"', "42", "{}", '{"query": 7}']) {
      const response = await server.client.post(body);
      assert.equal(response.status, 400, body);
    }
  });

  it("refuses a query that does not parse, naming Apollo's reason", async () => {
    const response = await server.client.request("{ users { nodes { id }");
    assert.equal(response.status, 400);
    assertRefused(response);
    assert.equal(response.errors?.[0].extensions?.reason, "GRAPHQL_PARSE_FAILED");
  });

  it("answers a request error with 200 to a client that accepts only application/json, as GraphQL over HTTP asks", async () => {
    const jsonOnly = { accept: "application/json" };
    for (const query of ["{ users { nodes { id }", "{ nope }"]) {
      const response = await server.client.request(query, undefined, jsonOnly);
      assert.equal(response.status, 200, query);
      assertRefused(response);
    }
    const coercion = await server.client.request(Users, { first: "ten" as unknown as number }, jsonOnly);
    assert.equal(coercion.status, 200);
    assertRefused(coercion);
    // Not a well-formed GraphQL request: still refused with 400 whatever the client accepts.
    assert.equal((await server.client.post('{"query": 7}', jsonOnly)).status, 400);
  });

  it("refuses unknown fields and arguments of the wrong type", async () => {
    for (const query of ["{ users { nodes { id password } } }", "{ nope }", '{ users(first: "ten") { nodes { id } } }', "{ item(id: 1.5) { id } }"]) {
      const response = await server.client.request(query);
      assert.equal(response.status, 400, query);
      assertRefused(response);
    }
    const wrongVariable = await server.client.request(Users, { first: "ten" as unknown as number });
    assertRefused(wrongVariable);
  });

  it("refuses a negative, huge or non-32-bit `first` with the field named", async () => {
    for (const first of [-1, 101, 1_000_000_000]) {
      const response = await server.client.request(Users, { first });
      assertRefused(response);
      assert.equal(response.errors?.[0].extensions?.field, "first");
    }
    assertRefused(await server.client.request(Users, { first: 2 ** 40 }));
  });

  it("refuses a cursor it did not issue", async () => {
    const response = await server.client.request("{ users(after: \"bm90IGEgY3Vyc29y\") { nodes { id } } }");
    assertRefused(response);
    assert.equal(response.errors?.[0].extensions?.field, "after");
  });

  it("keeps serving after all of the above", async () => {
    const { users } = await server.client.data(Users, { first: 1 });
    assert.ok(Array.isArray(users.nodes));
  });
});
