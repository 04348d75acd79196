import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { type GraphQLFormattedError } from "graphql";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { heapHeld } from "./support/heap";
import { insertUser } from "./support/limits";
import { type TestServer, startTestServer } from "./support/server";
import { subscribeOverSse } from "./support/sse";

// Issue 18, items 1, 6, 10, 11 and 12: what the server reads of a request body, and how it
// answers one it refuses, on the fast path, through Express and over Server-Sent Events alike.

const bodyLimitBytes = 1_000_000;
const mebibyte = 1024 * 1024;
const typename = JSON.stringify({ query: "{ __typename }" });

interface Answer {
  status: number;
  type: string | null;
  errors?: GraphQLFormattedError[];
  data?: unknown;
}

const codesOf = (answer: { errors?: GraphQLFormattedError[] }): unknown[] => (answer.errors ?? []).map((error) => error.extensions?.code);

async function answerOf(response: Response): Promise<Answer> {
  const type = response.headers.get("content-type");
  const text = await response.text();
  assert.ok(type?.startsWith("application/json"), `HTTP ${response.status} ${type}: ${text.slice(0, 200)}`);
  return { status: response.status, type, ...(JSON.parse(text) as object) };
}

/** `body` (ASCII) in HTTP's chunked encoding, one chunk per byte, without the last (empty) chunk. */
const inByteChunks = (body: string): Buffer => Buffer.from(Array.from(body, (char) => `1\r\n${char}\r\n`).join(""));

/**
 * A raw HTTP/1.1 POST to /graphql of `chunks` (inByteChunks), then the last
 * chunk once `whileSending` is done. Resolves to the status and body.
 */
function postInByteChunks(baseUrl: string, chunks: Buffer, headers: Record<string, string>, whileSending: () => Promise<void> = async () => {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  const head = Object.entries({ host: `${hostname}:${port}`, "content-type": "application/json", "transfer-encoding": "chunked", connection: "close", ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = "";
    socket.on("data", (data) => (received += data));
    socket.on("error", reject);
    socket.on("close", () => {
      const [status, rest] = [Number(received.split(" ")[1]), received.slice(received.indexOf("\r\n\r\n") + 4)];
      resolve({ status, body: rest });
    });
    socket.write(`POST /graphql HTTP/1.1\r\n${head}\r\n`);
    socket.write(chunks, () => void whileSending().then(() => socket.end("0\r\n\r\n"), reject));
  });
}

/** The fast path takes a plain JSON POST; `Content-Encoding: identity` sends the same bytes through Express's reader. */
const paths = { fast: {}, express: { "content-encoding": "identity" } } as const;

describe("request bodies: bounded, and refused alike on every path", () => {
  let database: TestDatabase;
  let server: TestServer;

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer(database, {
      BODY_LIMIT_BYTES: String(bodyLimitBytes),
      QUERY_DEPTH_MAX: "2",
      WS_SUBSCRIPTIONS_PER_CLIENT_MAX: "1",
    });
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  const post = (path: string, body: BodyInit, headers: Record<string, string>) =>
    fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body, duplex: "half" } as RequestInit);
  const stream = (body: BodyInit, headers: Record<string, string> = {}, path = "/graphql/stream") =>
    post(path, body, { accept: "text/event-stream", ...headers }).then(answerOf);

  it("answers an anonymous stream request over BODY_LIMIT_BYTES with 413 and a code, on /graphql and /graphql/stream, and keeps serving", async () => {
    const huge = JSON.stringify({ query: `subscription { myJobUpdated { id } } #${"x".repeat(3 * bodyLimitBytes)}` });
    for (const path of ["/graphql", "/graphql/stream"]) {
      const declared = await stream(huge, {}, path);
      assert.deepEqual([declared.status, codesOf(declared)], [413, ["BAD_USER_INPUT"]], `${path}, Content-Length`);
      const chunked = await stream(new Blob([huge]).stream(), {}, path);
      assert.deepEqual([chunked.status, codesOf(chunked)], [413, ["BAD_USER_INPUT"]], `${path}, chunked`);
    }
    const answer = await server.client.request("{ __typename }");
    assert.deepEqual([answer.status, answer.data], [200, { __typename: "Query" }]);
  });

  it("refuses a CSRF-simple subscription over SSE as /graphql refuses such a query", async () => {
    const subscription = JSON.stringify({ query: "subscription { myJobUpdated { id } }" });
    for (const type of ["text/plain", "text/plain;charset=UTF-8", "text/plain; x=application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const overHttp = await answerOf(await post("/graphql", typename, { "content-type": type }));
      const overSse = await stream(subscription, { "content-type": type });
      assert.deepEqual([overHttp.status, codesOf(overHttp)], [400, ["BAD_USER_INPUT"]], `/graphql, ${type}`);
      assert.deepEqual([overSse.status, codesOf(overSse)], [400, ["BAD_USER_INPUT"]], `/graphql/stream, ${type}`);
    }
    // A type that needs a preflight but is not JSON: refused before graphql-sse could read it whole.
    const other = await stream(subscription, { "content-type": "application/xml; x=application/json" });
    assert.deepEqual([other.status, codesOf(other)], [415, ["BAD_USER_INPUT"]]);
  });

  it("answers a subscription refused over SSE with its codes, as over HTTP", async () => {
    const invalid = await stream(JSON.stringify({ query: "subscription { nope }" }));
    assert.deepEqual([invalid.status, codesOf(invalid)], [400, ["BAD_USER_INPUT"]]);
    const tooDeep = await stream(JSON.stringify({ query: "subscription { myJobUpdated { report { id } } }" }));
    const tooDeepOverHttp = await server.client.request("{ jobs { nodes { report { id } } } }");
    assert.deepEqual([tooDeep.status, codesOf(tooDeep)], [400, ["QUERY_TOO_COMPLEX"]]);
    assert.deepEqual([tooDeepOverHttp.status, codesOf(tooDeepOverHttp)], [400, ["QUERY_TOO_COMPLEX"]]);

    const user = await insertUser(database, server);
    const first = await subscribeOverSse(server.url, "subscription { myJobUpdated { id } }", {}, user.token);
    assert.equal(first.status, 200);
    const overCap = await stream(JSON.stringify({ query: "subscription { myJobUpdated { id } }" }), { authorization: `Bearer ${user.token}` });
    assert.deepEqual([overCap.status, codesOf(overCap)], [429, ["RATE_LIMITED"]]);
    assert.equal(typeof overCap.errors?.[0].extensions?.retryAfterSeconds, "number");
  });

  it("answers body errors in JSON with a code: an unknown charset or Content-Encoding 415, a broken gzip body 400", async () => {
    const answers = {
      charset: await answerOf(await post("/graphql", typename, { "content-type": "application/json; charset=klingon" })),
      encoding: await answerOf(await post("/graphql", typename, { "content-encoding": "x-unknown" })),
      gzip: await answerOf(await post("/graphql", gzipSync(typename).subarray(0, 12), { "content-encoding": "gzip" })),
    };
    assert.deepEqual(
      Object.values(answers).map((answer) => [answer.status, codesOf(answer)]),
      [
        [415, ["BAD_USER_INPUT"]],
        [415, ["BAD_USER_INPUT"]],
        [400, ["BAD_USER_INPUT"]],
      ],
    );
  });

  it("reads the same bodies the same way on the fast path and through Express", async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(typename)]);
    const bodies: Record<string, BodyInit> = {
      plain: typename,
      "a byte order mark": bom,
      chunked: new Blob([typename]).stream(),
      "not JSON": '{"query": "{ __typename }"',
      "a JSON string": '"{ __typename }"',
      empty: "",
      "over the limit": JSON.stringify({ query: `{ __typename } #${"x".repeat(bodyLimitBytes)}` }),
    };
    for (const [name, body] of Object.entries(bodies)) {
      const [fast, express] = await Promise.all(
        Object.values(paths).map(async (headers) => {
          const sent = body instanceof ReadableStream ? new Blob([typename]).stream() : body;
          const answer = await answerOf(await post("/graphql", sent, headers));
          return { status: answer.status, codes: codesOf(answer), data: answer.data };
        }),
      );
      assert.deepEqual(fast, express, name);
    }
    const bomAnswer = await answerOf(await post("/graphql", bom, {}));
    assert.deepEqual([bomAnswer.status, bomAnswer.data], [200, { __typename: "Query" }]);

    const byteChunks = JSON.stringify({ query: `{ __typename } #${"x".repeat(10_000)}` });
    const [fast, express] = await Promise.all(Object.values(paths).map((headers) => postInByteChunks(server.url, inByteChunks(byteChunks), headers)));
    assert.equal(fast.status, 200);
    assert.deepEqual(JSON.parse(fast.body.slice(fast.body.indexOf("{"), fast.body.lastIndexOf("}") + 1)).data, { __typename: "Query" });
    assert.deepEqual([express.status, express.body], [fast.status, fast.body]);
  });

  it("holds a 1 MB body sent in 1-byte chunks in about its size, not a Buffer per byte", async (t) => {
    const body = JSON.stringify({ query: `{ __typename } #${"x".repeat(bodyLimitBytes - 100)}` });
    const chunks = inByteChunks(body);
    let growth = 0;
    const before = heapHeld();
    const answer = await postInByteChunks(server.url, chunks, paths.fast, async () => {
      // Every chunk but the last is on its way: the reader holds what it read of them.
      for (let sample = 0, last = -Infinity; sample < 40; sample++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const now = heapHeld();
        growth = Math.max(growth, now - before);
        if (Math.abs(now - last) < mebibyte) break;
        last = now;
      }
    });
    assert.equal(answer.status, 200);
    t.diagnostic(`heap growth while a ${body.length}-byte body arrived in 1-byte chunks: ${(growth / mebibyte).toFixed(1)} MiB`);
    assert.ok(growth < 64 * mebibyte, `the heap grew by ${(growth / mebibyte).toFixed(1)} MiB`);
  });
});
