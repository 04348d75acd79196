import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { graphql } from "./__generated__";
import { errorCodes } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { type TestServer, startTestServer } from "./support/server";

const Me = graphql(`
  query ProductionMe { me { id } }
`);

const hasStackTrace = (body: unknown) => /stacktrace|\n\s+at /.test(JSON.stringify(body));

describe("production defaults (NODE_ENV=production)", () => {
  let database: TestDatabase;
  let production: TestServer;
  let withIntrospection: TestServer;

  before(async () => {
    database = await createTestDatabase();
    production = await startTestServer(database, { NODE_ENV: "production" });
    withIntrospection = await startTestServer(database, { NODE_ENV: "production", GRAPHQL_INTROSPECTION: "true" });
  });
  after(async () => {
    await production?.stop();
    await withIntrospection?.stop();
    await database?.drop();
  });

  it("refuses requests a browser could send cross-site (CSRF prevention)", async () => {
    const simpleGet = await fetch(`${production.url}/graphql?query=${encodeURIComponent("{ me { id } }")}`);
    assert.equal(simpleGet.status, 400);
    const textPlain = await fetch(`${production.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ query: "{ me { id } }" }),
    });
    assert.equal(textPlain.status, 400);
    const withPreflightHeader = await fetch(`${production.url}/graphql?query=${encodeURIComponent("{ me { id } }")}`, {
      headers: { "apollo-require-preflight": "true" },
    });
    assert.equal(withPreflightHeader.status, 200);
  });

  it("caps the request body at 1 MB", async () => {
    const response = await production.client.post(JSON.stringify({ query: `{ me { id } }${" ".repeat(1_100_000)}` }));
    assert.equal(response.status, 413);
    assert.deepEqual(errorCodes(response), ["BAD_USER_INPUT"]);
  });

  it("puts no stack trace in errors of any kind", async () => {
    const refusals = [
      await production.client.request("{ noSuchField }"),
      await production.client.request(`{ ${Array.from({ length: 60 }, (_, n) => `a${n}: me { id }`).join(" ")} }`),
      await production.client.request(Me, undefined, { authorization: "Bearer not-a-token" }),
    ];
    assert.deepEqual(refusals.map((response) => errorCodes(response)[0]), ["BAD_USER_INPUT", "QUERY_TOO_COMPLEX", "UNAUTHENTICATED"]);
    for (const response of refusals) assert.ok(!hasStackTrace(response), JSON.stringify(response));
  });

  it("applies the limits and reports the cost", async () => {
    const response = await production.client.request(Me);
    assert.deepEqual(response.extensions?.cost, { requested: 2, limit: 10_000 });
  });

  it("allows introspection only when GRAPHQL_INTROSPECTION=true", async () => {
    const introspection = "{ __schema { queryType { name } } }";
    assert.deepEqual(errorCodes(await production.client.request(introspection)), ["BAD_USER_INPUT"]);
    assert.deepEqual((await withIntrospection.client.request(introspection)).data, { __schema: { queryType: { name: "Query" } } });
  });

  it("answers a misspelt field without naming the schema's fields when introspection is off", async () => {
    const response = await production.client.request("{ me { emial } }");
    assert.equal(response.status, 400);
    assert.deepEqual(errorCodes(response), ["BAD_USER_INPUT"]);
    assert.doesNotMatch(response.errors![0].message, /Did you mean|email/);
    assert.match(response.errors![0].message, /emial/);
    // With introspection on, the schema is public anyway: the hint helps.
    assert.match((await withIntrospection.client.request("{ me { emial } }")).errors![0].message, /Did you mean "email"\?/);
  });
});
