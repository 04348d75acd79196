import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import WebSocket from "ws";
import { compiledOperationsMax } from "../src/graphql/executor/jit-gateway";
import { verifiedTokensMax, VerifiedTokens } from "../src/identity/verified-tokens";
import { cachedRolesMax, ViewerRoles } from "../src/identity/viewer-roles";
import { inBatches } from "./support/batches";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { heapHeld } from "./support/heap";
import { readMetric } from "./support/metrics";
import { type TestServer, startTestServer } from "./support/server";

// Issue 18, items 2 and 8 and its memory tests: each in-process cache keyed by what clients
// send, filled with many distinct inputs, holds no more than its bound.

const mebibyte = 1024 * 1024;

/** A graphql-transport-ws socket, acknowledged, that counts the server's `error` messages. */
async function acknowledgedSocket(baseUrl: string): Promise<{ socket: WebSocket; errorsReceived(count: number): Promise<void> }> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
  let errors = 0;
  const waiters: Array<() => void> = [];
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  const acknowledged = new Promise<void>((resolve) =>
    socket.on("message", (data) => {
      const type = (JSON.parse(String(data)) as { type: string }).type;
      if (type === "connection_ack") resolve();
      if (type === "error") errors++;
      waiters.splice(0).forEach((wake) => wake());
    }),
  );
  socket.send('{"type":"connection_init"}');
  await acknowledged;
  return {
    socket,
    errorsReceived: async (count) => {
      while (errors < count) await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

describe("in-process caches against many distinct inputs", () => {
  let database: TestDatabase;
  let server: TestServer;

  before(async () => {
    database = await createTestDatabase();
    // As deployed: in development an error's stack is formatted for its response, and then no longer holds what it did.
    server = await startTestServer(database, { NODE_ENV: "production" });
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("keeps at most compiledOperationsMax compiled operations, reported in skein_memory_cache_entries, and serves a new query after", async () => {
    await inBatches(compiledOperationsMax + 100, 10, async (i) => {
      const answer = await server.client.request(`query Distinct${i} { __typename }`);
      assert.equal(answer.status, 200);
    });
    const held = await readMetric(server.url, "skein_memory_cache_entries", { cache: "compiled_operations" });
    assert.equal(held, compiledOperationsMax);
    const answer = await server.client.request("query AfterTheFlood { __typename }");
    assert.deepEqual(answer.data, { __typename: "Query" });
  });

  it("bounds the WebSocket check cache in bytes held, against distinct invalid subscribe messages large and small", async (t) => {
    /** Distinct subscribe messages of `unknownFields` unknown fields each (every one a validation error). */
    const shapes = [
      // The probe's: 28 KB, 101 errors each (graphql-js stops at 100), 4.1 MB held each, 1 GB before the bound.
      { messages: 200, unknownFields: 4_990 },
      // Small answers: few bytes of text, but each error held the whole validation run (~55 KB) through its stack.
      { messages: 1_100, unknownFields: 1 },
      // Middling ones, over the byte budget together: the least recently used go.
      { messages: 120, unknownFields: 60 },
    ];
    const heapBefore = heapHeld();
    const { socket, errorsReceived } = await acknowledgedSocket(server.url);
    let sent = 0;
    try {
      for (const { messages, unknownFields } of shapes) {
        const fields = Array.from({ length: unknownFields }, (_, i) => `f${i}`).join(" ");
        for (let i = 0; i < messages; i++, sent++) {
          const query = `subscription Invalid${sent} { myJobUpdated { ${fields} } }`;
          socket.send(JSON.stringify({ id: String(sent), type: "subscribe", payload: { query } }));
        }
        await errorsReceived(sent);
        const heapGrowth = heapHeld() - heapBefore;
        const [bytes, entries] = await Promise.all([
          readMetric(server.url, "skein_memory_cache_bytes", { cache: "subscription_checks" }),
          readMetric(server.url, "skein_memory_cache_entries", { cache: "subscription_checks" }),
        ]);
        t.diagnostic(`after ${messages} messages of ${unknownFields} unknown fields: ${entries} remembered, ~${(bytes / mebibyte).toFixed(1)} MiB estimated; heap +${(heapGrowth / mebibyte).toFixed(1)} MiB`);
        assert.ok(bytes <= 16 * mebibyte, `${bytes} bytes remembered`);
        assert.ok(entries <= 1_000, `${entries} checks remembered`);
        // What the heap holds stays near the estimate: 16 MiB, and room for what the test and server allocate meanwhile.
        assert.ok(heapGrowth < 24 * mebibyte, `the heap grew by ${(heapGrowth / mebibyte).toFixed(1)} MiB`);
      }
    } finally {
      socket.close();
    }
    const answer = await server.client.request("{ __typename }");
    assert.deepEqual([answer.status, answer.data], [200, { __typename: "Query" }]);
  });

  it("remembers at most verifiedTokensMax verified tokens, the most recent kept", () => {
    const tokens = new VerifiedTokens();
    const expiresAtSeconds = Date.now() / 1_000 + 3_600;
    for (let i = 0; i < 2 * verifiedTokensMax + 7; i++) tokens.remember(`token-${i}`, i, expiresAtSeconds);
    assert.equal(tokens.size, verifiedTokensMax);
    assert.equal(tokens.userIdOf(`token-${2 * verifiedTokensMax + 6}`), 2 * verifiedTokensMax + 6);
    assert.equal(tokens.userIdOf("token-0"), undefined);
  });

  it("caches at most cachedRolesMax users' roles", async () => {
    const roles = new ViewerRoles(async () => "USER", 60_000);
    for (let id = 1; id <= 2 * cachedRolesMax + 7; id++) await roles.roleOf(id);
    assert.ok(roles.size <= cachedRolesMax, `${roles.size} roles cached`);
    assert.ok(roles.size > 0);
  });
});
