import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import WebSocket from "ws";
import { ConfigError, loadConfig } from "../src/config";
import { features } from "../src/features";
import { OriginPolicy } from "../src/transports/http/cors";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { type TestServer, startTestServer, testJwtSecret } from "./support/server";

const appOrigin = "http://localhost:5173";
const otherSite = "https://evil.example";
const query = JSON.stringify({ query: "{ __typename }" });

const post = (url: string, origin: string, body = query) =>
  fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", origin }, body });

/** The upgrade's HTTP status: 101 when the socket opened. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace("http", "ws")}/graphql`, "graphql-transport-ws", { headers });
    socket.once("open", () => {
      socket.close();
      resolve(101);
    });
    socket.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once("error", reject);
  });
}

const streamFrom = (url: string, origin: string) =>
  fetch(`${url}/graphql/stream`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", origin },
    body: JSON.stringify({ query: "subscription { jobUpdated(id: \"1\") { id } }" }),
  });

/** A browser app on another origin: CORS headers on every answer, and the same allowlist at the WebSocket upgrade and the SSE stream. */
describe("browsers on another origin", () => {
  let database: TestDatabase;
  let server: TestServer;

  before(async () => {
    database = await createTestDatabase();
    // Development's default allowlist (NODE_ENV=test is not production).
    server = await startTestServer(database, { BODY_LIMIT_BYTES: "2000" });
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("answers an allowed origin's preflight with 204, the methods, the client's headers and a Max-Age", async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: "OPTIONS",
      headers: { origin: appOrigin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,authorization" },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get("access-control-allow-origin"), appOrigin);
    assert.equal(response.headers.get("access-control-allow-methods"), "GET,POST");
    const allowed = response.headers.get("access-control-allow-headers")?.split(",");
    for (const header of ["content-type", "authorization", "apollo-require-preflight", "x-apollo-operation-name", "x-read-after", "x-request-id"]) {
      assert.ok(allowed?.includes(header), header);
    }
    assert.equal(response.headers.get("access-control-max-age"), "600");
    assert.equal(response.headers.get("access-control-allow-credentials"), null);
  });

  it("lets an allowed origin read answers and their headers, refusals included", async () => {
    const answered = await post(server.url, "https://studio.apollographql.com");
    assert.equal(answered.status, 200);
    assert.deepEqual((await answered.json()).data, { __typename: "Query" });
    assert.equal(answered.headers.get("access-control-allow-origin"), "https://studio.apollographql.com");
    assert.equal(answered.headers.get("access-control-expose-headers"), "X-Request-Id,X-Read-After,Retry-After");
    assert.match(answered.headers.get("vary") ?? "", /Origin/);

    const tooLarge = await post(server.url, "http://127.0.0.1:3000", JSON.stringify({ query: `{ __typename ${" ".repeat(3000)}}` }));
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.headers.get("access-control-allow-origin"), "http://127.0.0.1:3000");
  });

  it("adds no CORS headers to a POST without Origin, which no browser sends, and keeps them on a GET", async () => {
    const posted = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
    assert.equal(posted.status, 200);
    assert.equal(posted.headers.get("vary"), null);
    assert.equal(posted.headers.get("access-control-expose-headers"), null);
    const got = await fetch(`${server.url}/graphql?query=${encodeURIComponent("{ __typename }")}`, { headers: { "apollo-require-preflight": "true" } });
    assert.equal(got.status, 200);
    assert.match(got.headers.get("vary") ?? "", /Origin/);
  });

  it("gives a disallowed origin no Access-Control-Allow-Origin, on a preflight or an answer", async () => {
    const preflight = await fetch(`${server.url}/graphql`, { method: "OPTIONS", headers: { origin: otherSite, "access-control-request-method": "POST" } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), null);
    const answered = await post(server.url, otherSite);
    assert.equal(answered.headers.get("access-control-allow-origin"), null);
    // A look-alike of an allowed origin is another origin.
    const lookAlike = await post(server.url, "http://localhost.evil.example");
    assert.equal(lookAlike.headers.get("access-control-allow-origin"), null);
  });

  it("refuses a WebSocket upgrade from a disallowed origin with 403, and accepts an allowed origin, its own origin or none", async () => {
    assert.equal(await upgradeStatus(server.url, { origin: otherSite }), 403);
    assert.equal(await upgradeStatus(server.url, { origin: appOrigin }), 101);
    assert.equal(await upgradeStatus(server.url, { origin: server.url }), 101);
    assert.equal(await upgradeStatus(server.url, {}), 101);
  });

  it("refuses an SSE stream from a disallowed origin with 403 FORBIDDEN, and opens one for an allowed origin", async () => {
    const refused = await streamFrom(server.url, otherSite);
    assert.equal(refused.status, 403);
    assert.equal((await refused.json()).errors[0].extensions.code, "FORBIDDEN");
    const opened = await streamFrom(server.url, appOrigin);
    assert.equal(opened.status, 200);
    assert.equal(opened.headers.get("access-control-allow-origin"), appOrigin);
    await opened.body?.cancel();
  });
});

describe("CORS_ORIGINS", () => {
  const policy = (env: Record<string, string>) => new OriginPolicy(loadConfig({ JWT_SECRET: testJwtSecret, ...env }, features));

  it("allows no other origin in production when unset, and exactly the listed ones when set", () => {
    assert.equal(policy({ NODE_ENV: "production" }).allows(appOrigin), false);
    const listed = policy({ NODE_ENV: "production", CORS_ORIGINS: "https://app.example.com, https://admin.example.com" });
    assert.deepEqual([listed.allows("https://app.example.com"), listed.allows("https://admin.example.com"), listed.allows(appOrigin)], [true, true, false]);
    assert.equal(policy({ NODE_ENV: "production", CORS_ORIGINS: "*" }).allowOriginFor(otherSite), "*");
  });

  it("refuses * with credentials, and anything but an origin", () => {
    assert.throws(() => policy({ CORS_ORIGINS: "*", CORS_CREDENTIALS: "true" }), ConfigError);
    assert.throws(() => policy({ CORS_ORIGINS: "https://app.example.com/" }), ConfigError);
    assert.throws(() => policy({ CORS_ORIGINS: "app.example.com" }), ConfigError);
  });
});
