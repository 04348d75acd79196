import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { after, before, describe, it } from "node:test";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { unique } from "./support/fixtures";
import { captureLogs } from "./support/logs";
import { scrape, sumOf } from "./support/prometheus";
import { type TestServer, startTestServer } from "./support/server";

const query = JSON.stringify({ query: "query FastPath { __typename }" });

/**
 * A plain JSON POST to /graphql is answered ahead of Express
 * (src/transports/http/graphql-fast-path.ts); a compressed one still goes through
 * Express. A client must not be able to tell them apart.
 */
describe("a GraphQL POST, on node:http or through Express", () => {
  let database: TestDatabase;
  let server: TestServer;
  const logs = captureLogs();

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer(database, {}, { logTo: logs.stream });
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("gets the same answer, headers, request id, log lines and metrics either way", async () => {
    const before = sumOf(await scrape(server.url), "skein_http_requests_total", { method: "POST", route: "/graphql", status: "200" });
    const ids = [`fast-${unique()}`, `express-${unique()}`];
    const [plain, compressed] = await Promise.all([
      fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "x-request-id": ids[0] }, body: query }),
      fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", "content-encoding": "gzip", "x-request-id": ids[1] },
        body: gzipSync(query),
      }),
    ]);
    const answers = await Promise.all(
      [plain, compressed].map(async (response) => ({
        status: response.status,
        type: response.headers.get("content-type"),
        body: await response.text(),
      })),
    );
    assert.deepEqual([answers[0].status, answers[0].type], [200, "application/json; charset=utf-8"]);
    assert.deepEqual(JSON.parse(answers[0].body).data, { __typename: "Query" });
    assert.deepEqual(answers[1], answers[0]);
    assert.deepEqual([plain.headers.get("x-request-id"), compressed.headers.get("x-request-id")], ids);

    for (const id of ids) await logs.waitFor((line) => line.requestId === id && line.msg === "http request");
    for (const id of ids) {
      const lines = logs.lines.filter((line) => line.requestId === id);
      assert.deepEqual(lines.map((line) => line.msg).sort(), ["graphql operation", "http request"], id);
      const http = lines.find((line) => line.msg === "http request");
      assert.deepEqual({ method: http?.method, path: http?.path, status: http?.status }, { method: "POST", path: "/graphql", status: 200 });
      assert.equal(lines.find((line) => line.msg === "graphql operation")?.operationName, "FastPath");
    }
    const after = sumOf(await scrape(server.url), "skein_http_requests_total", { method: "POST", route: "/graphql", status: "200" });
    assert.equal(after - before, 2);
  });
});
