import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { graphql } from "./__generated__";
import { errorCodes } from "./support/client";
import { captureLogs } from "./support/logs";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { type TestServer, startTestServer } from "./support/server";

const Users = graphql(`
  query ErrorsUsers { users(first: 1) { nodes { id } } }
`);

describe("internal errors", () => {
  let database: TestDatabase;
  let production: TestServer;
  let development: TestServer;
  const logs = captureLogs();

  before(async () => {
    database = await createTestDatabase();
    production = await startTestServer(database, { NODE_ENV: "production" }, { logTo: logs.stream });
    development = await startTestServer(database, { NODE_ENV: "development" });
    // A fault of ours, not the client's: the table the query reads is gone.
    await database.query("alter table users rename to users_gone");
  });
  after(async () => {
    await database?.query("alter table users_gone rename to users").catch(() => undefined);
    await production?.stop();
    await development?.stop();
    await database?.drop();
  });

  it("are masked in production: a generic message, no stack, nothing about SQL", async () => {
    const response = await production.client.request(Users, undefined, { "x-request-id": "req-masking-test-1" });
    assert.deepEqual(errorCodes(response), ["INTERNAL_SERVER_ERROR"]);
    assert.equal(response.errors?.[0].message, "Internal server error");
    const body = JSON.stringify(response);
    assert.ok(!/users_gone|relation|stacktrace|at .*\.js/.test(body), body);
  });

  it("are logged in full with the request id", async () => {
    const isTheFailure = (entry: Record<string, unknown>) => entry.msg === "resolver failed" && entry.requestId === "req-masking-test-1";
    await logs.waitFor(isTheFailure);
    const line = logs.lines.find(isTheFailure);
    assert.ok(line, "a log line for the failed resolver");
    assert.match(JSON.stringify(line.err), /relation .*users.* does not exist/);
    assert.match(String((line.err as { stack?: string }).stack), /\n\s+at /);
  });

  it("keep their message and stack in development", async () => {
    const response = await development.client.request(Users);
    assert.deepEqual(errorCodes(response), ["INTERNAL_SERVER_ERROR"]);
    assert.match(response.errors?.[0].message ?? "", /users/);
    assert.ok(Array.isArray(response.errors?.[0].extensions?.stacktrace));
  });
});

describe("explorers", () => {
  let database: TestDatabase;
  let development: TestServer;
  let production: TestServer;

  before(async () => {
    database = await createTestDatabase();
    development = await startTestServer(database, { NODE_ENV: "development" });
    production = await startTestServer(database, { NODE_ENV: "production" });
  });
  after(async () => {
    await development?.stop();
    await production?.stop();
    await database?.drop();
  });

  const get = (server: TestServer, path: string) =>
    fetch(`${server.url}${path}`, { headers: { accept: "text/html" } }).then(async (response) => ({ status: response.status, html: await response.text() }));

  it("opens Apollo Sandbox at GET /graphql and an offline GraphiQL at /graphiql in development", async () => {
    const sandbox = await get(development, "/graphql");
    assert.equal(sandbox.status, 200);
    assert.match(sandbox.html, /embeddable-sandbox/);
    const graphiql = await get(development, "/graphiql");
    assert.equal(graphiql.status, 200);
    assert.match(graphiql.html, /graphiql/i);
    assert.ok(!/https?:\/\/(cdn|unpkg|embeddable)/.test(graphiql.html.slice(0, 5_000)), "loads nothing from the internet");
  });

  it("lists what a newcomer can open at GET /, and no disabled explorer in production", async () => {
    const links = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]);
    const home = await get(development, "/");
    assert.equal(home.status, 200);
    assert.deepEqual(links(home.html), ["/graphql", "/graphiql", "/healthz", "/readyz", "/metrics"]);
    const productionHome = await get(production, "/");
    assert.equal(productionHome.status, 200);
    assert.deepEqual(links(productionHome.html), ["/healthz", "/readyz", "/metrics"]);
  });

  it("tells a browser without internet where the offline explorer is, on the Sandbox page", async () => {
    const sandbox = await get(development, "/graphql");
    assert.match(sandbox.html, /cannot be loaded/);
    assert.match(sandbox.html, /href="\/graphiql"/);
  });

  it("serves neither explorer nor introspection in production", async () => {
    assert.notEqual((await get(production, "/graphql")).status, 200);
    assert.equal((await get(production, "/graphiql")).status, 404);
    const introspection = await production.client.request("{ __schema { types { name } } }");
    assert.deepEqual(errorCodes(introspection), ["BAD_USER_INPUT"]);
  });
});
