import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { once } from "node:events";
import { type IncomingMessage, request as httpRequest } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { gzipSync } from "node:zlib";
import { print } from "graphql";
import { graphql } from "./__generated__";
import { runsOnAsyncContextFrame } from "../src/infra/tracing/context-frame";
import { startTracing, wantsTracing } from "../src/infra/tracing/start";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { createItem, signUpUser, unique } from "./support/fixtures";
import { StartReport } from "./support/jobs";
import { type LogLine } from "./support/logs";
import { parsePrometheusText, sumOf } from "./support/prometheus";
import { type OtlpReceiver as Receiver, OtlpReceiver, type ReceivedSpan, hasAncestor, isSql, newTraceparent, tracingEnv } from "./support/otlp-receiver";
import { testQueuePrefix } from "./support/queue-prefix";
import { testRedisUrl } from "./support/redis";
import { type ServerProcess, type SkeinProcess, type SpawnOptions, spawnServer, spawnWorker } from "./support/server-process";
import { subscribeOverSse } from "./support/sse";
import { subscribe, wsClient } from "./support/subscriptions";

const TracedCatalog = graphql(`
  query TracedCatalog { items(first: 5) { nodes { id name owner { id name } } } }
`);

const TracedJob = graphql(`
  subscription TracedJob($id: ID!) { jobUpdated(id: $id) { id state progress } }
`);

const TracedMyJobs = graphql(`
  subscription TracedMyJobs { myJobUpdated { id state } }
`);

const serverKind = 2;

/** POSTs `body` to `url`, its second half 50 ms after the first; resolves with the response's status. */
async function postInTwoParts(url: string, headers: Record<string, string>, body: Buffer): Promise<number> {
  const request = httpRequest(url, { method: "POST", headers: { ...headers, "content-length": String(body.length) } });
  const answered = once(request, "response") as Promise<[IncomingMessage]>;
  const half = Math.floor(body.length / 2);
  request.write(body.slice(0, half));
  await sleep(50);
  request.end(body.slice(half));
  const [response] = await answered;
  response.resume();
  return response.statusCode ?? 0;
}

/** What Prometheus 2.55 asks a target for, OpenMetrics first. */
const prometheusAccept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

/** A bucket line of the request histogram's /graphql POSTs, with an exemplar. */
const markedBucket = /^skein_http_request_duration_seconds_bucket\{le="[^"]+",method="POST",route="\/graphql"\} \d+ # /;

/** GET /metrics on `url`, with `accept` if given. */
async function scrapeMetrics(url: string, accept?: string) {
  const response = await fetch(`${url}/metrics`, { headers: accept ? { accept } : {} });
  assert.equal(response.status, 200);
  const body = await response.text();
  return { contentType: response.headers.get("content-type") ?? "", body, lines: body.split("\n") };
}

/** The trace as an indented tree of "service: name" lines: what the README shows. */
function treeOf(spans: ReceivedSpan[]): string {
  const ids = new Set(spans.map((span) => span.spanId));
  const lines: string[] = [];
  const walk = (parentId: string | undefined, depth: number) => {
    for (const span of spans.filter((each) => (parentId ? each.parentSpanId === parentId : !ids.has(each.parentSpanId ?? "")))) {
      lines.push(`${"  ".repeat(depth)}${span.name} [${span.service}]${span.links.length ? " (linked)" : ""}`);
      walk(span.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines.join("\n");
}

describe("traces over OTLP/HTTP JSON to the test's receiver (two APIs, a worker, Redis between them)", () => {
  const redisKeys = testQueuePrefix();
  let receiver: Receiver;
  let database: TestDatabase;
  let env: Record<string, string>;
  let api: ServerProcess;
  let subscriberApi: ServerProcess;
  let quietApi: ServerProcess;
  let protobufApi: ServerProcess;
  const processes: SkeinProcess[] = [];

  const spawnTraced = async ({ env: extra = {}, ...options }: SpawnOptions = {}) => {
    const server = await spawnServer(database.url, { ...options, env: { ...env, ...extra } });
    processes.push(server);
    return server;
  };

  before(async () => {
    receiver = await OtlpReceiver.start();
    database = await createTestDatabase();
    env = {
      ...tracingEnv(receiver),
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      JOBS_PREFIX: redisKeys.prefix,
      WORKER_IN_API: "false",
      JOB_DISPATCH_POLL_MS: "500",
      REPORT_CHUNK_ROWS: "10",
    };
    // Started together: each takes a while on a busy machine. The third is told OTEL_SDK_DISABLED.
    [api, subscriberApi, quietApi, protobufApi] = await Promise.all([
      spawnTraced(),
      spawnTraced(),
      spawnTraced({ env: { OTEL_SDK_DISABLED: "true" } }),
      spawnTraced({ env: { OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf" } }),
    ]);
    await createItem(await signUpUser(api.client, "Catalog Seller"));
  });
  after(async () => {
    for (const spawned of processes) await spawned.kill();
    await database?.drop();
    await redisKeys.remove();
    await receiver?.stop();
  });

  it("continues a traceparent: the HTTP server span, the operation span with its name and cost, parse/validate/execute, and SQL under the operation, with no orphans", async () => {
    const { traceId, parentId, traceparent } = newTraceparent();
    const response = await api.client.request(TracedCatalog, {}, { traceparent, tracestate: "skein=test" });
    assert.equal(response.status, 200);
    assert.ok(response.data?.items.nodes.length);
    await receiver.waitFor((spans) => spans.some((span) => span.traceId === traceId && span.kind === serverKind), "HTTP server span");
    await sleep(200);
    const spans = receiver.trace(traceId);

    const http = spans.find((span) => span.kind === serverKind && span.parentSpanId === parentId);
    assert.ok(http, "the HTTP server span is a child of the client's span");
    assert.equal(http.traceState, "skein=test", "tracestate is passed on");
    assert.equal(http.name, "POST /graphql");
    assert.deepEqual(
      [http.attributes["http.request.method"], http.attributes["url.path"], http.attributes["http.route"], http.attributes["http.response.status_code"]],
      ["POST", "/graphql", "/graphql", 200],
      "the HTTP conventions' attributes",
    );
    const operation = spans.find((span) => span.name === "query TracedCatalog");
    assert.ok(operation, `an operation span; spans: ${spans.map((span) => span.name).join(", ")}`);
    assert.equal(operation.attributes["graphql.operation.name"], "TracedCatalog");
    assert.equal(operation.attributes["graphql.operation.type"], "query");
    assert.equal(typeof operation.attributes["skein.graphql.cost"], "number", "the limits check's cost");
    assert.ok(hasAncestor(spans, operation, (span) => span === http));
    for (const step of ["graphql.parse", "graphql.validate", "graphql.execute"]) {
      assert.equal(spans.find((span) => span.name === step)?.parentSpanId, operation.spanId, `${step} under the operation`);
    }
    const sql = spans.filter((span) => isSql(span) && hasAncestor(spans, span, (parent) => parent.name === "graphql.execute"));
    assert.ok(sql.length >= 2, `the resolvers' statements under execute (${sql.length})`);
    assert.ok(sql.every((span) => span.attributes["skein.db.role"] === "primary"), "each statement says which server it went to");
    // The SDK starts before pg and pg-pool load, so the pg instrumentation patched both.
    const connects = spans.filter((span) => span.name === "pg-pool.connect" && hasAncestor(spans, span, (parent) => parent.name === "graphql.execute"));
    assert.ok(connects.length > 0, `the wait for a pooled connection: ${treeOf(spans)}`);
    assert.ok(connects.every((span) => span.attributes["skein.db.role"] === "primary"), "each wait says which server's pool it was");
    const orphans = spans.filter((span) => span !== http && !spans.some((parent) => parent.spanId === span.parentSpanId));
    assert.deepEqual(orphans.map((span) => span.name), []);
  });

  it("keeps the trace through Express and body-parser (a compressed body in two packets): the operation and its SQL under the HTTP span, and the request's log line", async () => {
    const { traceId, traceparent } = newTraceparent();
    const requestId = `express-${unique()}`;
    // Compressed, so body-parser reads it; in two packets, the second of which comes in the socket's context, not the request's.
    const body = gzipSync(JSON.stringify({ query: print(TracedCatalog) }));
    const headers = { "content-type": "application/json", "content-encoding": "gzip", traceparent, "x-request-id": requestId };
    const status = await postInTwoParts(`${api.url}/graphql`, headers, body);
    assert.equal(status, 200);
    await receiver.waitFor((spans) => spans.some((span) => span.traceId === traceId && span.kind === serverKind), "HTTP server span");
    await sleep(200);
    const spans = receiver.trace(traceId);
    const http = spans.find((span) => span.kind === serverKind);
    const operation = spans.find((span) => span.name === "query TracedCatalog");
    assert.ok(http && operation && hasAncestor(spans, operation, (span) => span === http), `the operation under the HTTP span; spans: ${spans.map((span) => span.name).join(", ")}`);
    assert.ok(spans.filter((span) => isSql(span) && hasAncestor(spans, span, (parent) => parent === operation)).length >= 1, `its statements under it: ${treeOf(spans)}`);
    const [line] = await api.waitForLogs((entry) => entry.msg === "http request" && entry.requestId === requestId);
    assert.equal(line.trace_id, traceId, "the request's log line, written when the response ends");
  });

  it("starts a trace of its own for a request without a traceparent, and its log lines carry the trace id", async () => {
    const requestId = `untraced-${unique()}`;
    const response = await api.client.request(TracedCatalog, {}, { "x-request-id": requestId });
    assert.equal(response.status, 200);
    const [line] = await api.waitForLogs((entry) => entry.msg === "graphql operation" && entry.requestId === requestId);
    const traceId = String(line.trace_id);
    assert.match(traceId, /^[0-9a-f]{32}$/);
    await receiver.waitFor((spans) => spans.some((span) => span.traceId === traceId && span.name === "query TracedCatalog"), "the operation span");
    const roots = receiver.trace(traceId).filter((span) => !span.parentSpanId);
    assert.deepEqual(roots.map((span) => span.kind), [serverKind], "the HTTP server span is the trace's root");
  });

  it("writes the trace id and span id on the log lines of a traced request", async () => {
    const { traceId, traceparent } = newTraceparent();
    await api.client.request(TracedCatalog, {}, { traceparent });
    const [line] = await api.waitForLogs((entry) => entry.msg === "graphql operation" && entry.trace_id === traceId);
    assert.match(String(line.span_id), /^[0-9a-f]{16}$/);
  });

  it("stores the mutation's trace on the job row; the worker's spans and the delivery to a subscriber elsewhere join that trace", { timeout: 90_000 }, async (t) => {
    const seller = await signUpUser(api.client, "Report Seller");
    const item = await createItem(seller);
    await database.query(
      `insert into orders (item_id, buyer_id, quantity, total_cents) select $1, $2, 1, 100 from generate_series(1, 30)`,
      [item.id, seller.id],
    );
    const { traceId, traceparent } = newTraceparent();
    const started = await api.client.as(seller.token).request(StartReport, { kind: "SALES_CSV" }, { traceparent, baggage: "tenant=t1" });
    const jobId = started.data!.generateReport.id;
    const [row] = await database.query<{ trace_context: string }>("select trace_context from jobs where id = $1", [jobId]);
    const stored = JSON.parse(row.trace_context) as Record<string, string>;
    assert.ok(stored.traceparent.includes(traceId), "the job row carries the mutation's trace");
    assert.equal(stored.baggage, "tenant=t1", "and its baggage");

    const client = wsClient(subscriberApi.url, seller.token);
    try {
      const updates = subscribe(client, TracedJob, { id: jobId });
      await updates.waitFor((result) => result.data?.jobUpdated.state === "QUEUED");
      processes.push(await spawnWorker(env));
      assert.deepEqual(await updates.ended, { completed: true });
    } finally {
      await client.dispose();
    }

    const delivered = (span: ReceivedSpan) => span.name === "subscription TracedJob deliver" && span.pid === subscriberApi.child.pid;
    await receiver.waitFor((spans) => spans.filter((span) => span.traceId === traceId && delivered(span)).length >= 3, "deliveries in the trace");
    await receiver.waitFor((spans) => spans.some((span) => span.traceId === traceId && span.service === "skein-worker" && span.name.startsWith("process")), "the worker's process span");
    const spans = receiver.trace(traceId);
    t.diagnostic(`generateReport trace:\n${treeOf(spans)}`);

    const process = spans.find((span) => span.service === "skein-worker" && span.name.startsWith("process"))!;
    assert.ok(hasAncestor(spans, process, (span) => span.name === "job dispatch"), "the worker's span continues the dispatch under the mutation");
    assert.ok(hasAncestor(spans, process, (span) => span.name === "mutation StartReport" && span.pid === api.child.pid));
    assert.ok(spans.some((span) => isSql(span) && span.service === "skein-worker" && hasAncestor(spans, span, (parent) => parent === process)), "the job's SQL under it");
    const deliveries = spans.filter(delivered);
    assert.ok(deliveries.every((span) => span.links.length === 1 && span.links[0].traceId === traceId), "each delivery links to the event's publisher");
    assert.ok(deliveries.some((span) => spans.find((parent) => parent.spanId === span.links[0].spanId)?.service === "skein-worker"), "progress events published by the worker");

    // The sign-up's welcome email, run by the same worker: its send is a span in the sign-up's trace.
    const isSend = (span: ReceivedSpan) => span.name === "smtp send" && span.service === "skein-worker";
    await receiver.waitFor((received) => received.some(isSend), "the welcome email's send");
    const send = receiver.spans.find(isSend)!;
    assert.ok(hasAncestor(receiver.trace(send.traceId), send, (span) => span.name === "mutation SignUp"), "the send in the sign-up's trace");
  });

  it("makes a subscribe span for each WebSocket and SSE subscribe, the SSE one under its stream request's span", async () => {
    const subscriber = await signUpUser(api.client, "Traced Subscriber");
    const isSubscribe = (transport: string) => (span: ReceivedSpan) =>
      span.name === "subscribe TracedMyJobs" && span.attributes["skein.transport"] === transport && span.pid === api.child.pid;
    const client = wsClient(api.url, subscriber.token);
    try {
      subscribe(client, TracedMyJobs, {});
      await receiver.waitFor((spans) => spans.some(isSubscribe("ws")), "the WebSocket subscribe span");
    } finally {
      await client.dispose();
    }
    const ws = receiver.spans.find(isSubscribe("ws"))!;
    assert.equal(ws.kind, serverKind);
    assert.equal(ws.attributes["graphql.operation.type"], "subscription");
    assert.equal(ws.attributes["graphql.operation.name"], "TracedMyJobs");

    const stream = await subscribeOverSse(api.url, print(TracedMyJobs), {}, subscriber.token);
    assert.equal(stream.status, 200);
    await receiver.waitFor((spans) => spans.some(isSubscribe("sse")), "the SSE subscribe span");
    // Its parent, the stream request's HTTP span, is exported only when the stream ends.
    assert.ok(receiver.spans.find(isSubscribe("sse"))!.parentSpanId, "under the stream request's span");
    assert.equal(ws.parentSpanId, undefined, "a WebSocket message has no request span to go under");
  });

  it("exports over http/protobuf when OTEL_EXPORTER_OTLP_PROTOCOL says so: the request's HTTP server span and operation span, in the caller's trace", async () => {
    const { traceId, parentId, traceparent } = newTraceparent();
    assert.equal((await protobufApi.client.request(TracedCatalog, {}, { traceparent })).status, 200);
    const named = (spans: ReceivedSpan[], name: string) => spans.find((span) => span.traceId === traceId && span.name === name);
    await receiver.waitFor((spans) => !!named(spans, "POST /graphql") && !!named(spans, "query TracedCatalog"), "the server and operation spans over protobuf");
    const spans = receiver.trace(traceId);
    const server = named(spans, "POST /graphql")!;
    assert.equal(server.parentSpanId, parentId, "the HTTP server span, under the caller's span");
    assert.equal(server.kind, serverKind);
    assert.ok(hasAncestor(spans, named(spans, "query TracedCatalog")!, (span) => span === server), "the operation span, under it");
    assert.deepEqual(new Set(spans.map((span) => `${span.pid} ${span.encoding}`)), new Set([`${protobufApi.child.pid} protobuf`]), "all of it from that process, over protobuf");
  });

  /** Sends TracedCatalog with a sampled traceparent to `target`; resolves with the exemplar its duration should carry. */
  async function exemplarOfSampledRequest(target: ServerProcess): Promise<string> {
    const { traceId, parentId, traceparent } = newTraceparent();
    assert.equal((await target.client.request(TracedCatalog, {}, { traceparent })).status, 200);
    const isServerSpan = (span: ReceivedSpan) => span.traceId === traceId && span.parentSpanId === parentId;
    await receiver.waitFor((spans) => spans.some(isServerSpan), "HTTP server span");
    return `# {trace_id="${traceId}",span_id="${receiver.spans.find(isServerSpan)!.spanId}"}`;
  }

  it("marks a sampled request's duration with its trace (an exemplar) in OpenMetrics, and nowhere else", async () => {
    const exemplar = await exemplarOfSampledRequest(api);
    const unsampled = newTraceparent({ sampled: false });
    assert.equal((await api.client.request(TracedCatalog, {}, { traceparent: unsampled.traceparent })).status, 200);

    const open = await scrapeMetrics(api.url, prometheusAccept);
    assert.match(open.contentType, /^application\/openmetrics-text; version=1\.0\.0/);
    assert.ok(open.body.endsWith("# EOF\n"));
    const marked = open.lines.filter((line) => line.includes(exemplar));
    assert.equal(marked.length, 1, "one bucket carries the request's trace and server span");
    assert.match(marked[0], markedBucket);
    assert.ok(!open.body.includes(unsampled.traceId), "an unsampled request leaves no exemplar");
    assert.ok(open.lines.some((line) => line.startsWith("skein_http_requests_total{")));

    // Scraped after the OpenMetrics one: prom-client's OpenMetrics rendering must not have renamed the counters.
    const plain = await scrapeMetrics(api.url);
    assert.equal(plain.contentType, "text/plain; version=0.0.4; charset=utf-8");
    // The strict parser rejects an exemplar or "# EOF"; the counter keeps its name.
    const families = parsePrometheusText(plain.body);
    assert.ok(sumOf(families, "skein_http_requests_total", { route: "/graphql" }) >= 2);
    assert.ok(sumOf(families, "skein_http_request_duration_seconds", { route: "/graphql" }, "skein_http_request_duration_seconds_count") >= 2);

    const untraced = await scrapeMetrics(quietApi.url, prometheusAccept);
    assert.equal(untraced.contentType, "text/plain; version=0.0.4; charset=utf-8", "without tracing, the Prometheus text format whatever is asked");
  });

  it("keeps the workers' exemplars in a --workers cluster's sum", async () => {
    // Started here, once the others are up: three more processes loading the SDK at once outlasted the wait for them in a busy CI run.
    const clusterApi = await spawnTraced({ args: ["--workers", "2"], readyLines: 2 });
    const exemplars = [await exemplarOfSampledRequest(clusterApi), await exemplarOfSampledRequest(clusterApi)];
    const open = await scrapeMetrics(clusterApi.url, prometheusAccept);
    assert.match(open.contentType, /^application\/openmetrics-text; version=1\.0\.0/);
    const marked = open.lines.filter((line) => line.includes(exemplars[1]));
    assert.equal(marked.length, 1, "the latest request's exemplar, whichever worker answered it");
    assert.match(marked[0], markedBucket);
    assert.ok(parsePrometheusText((await scrapeMetrics(clusterApi.url)).body).has("skein_http_requests_total"), "the plain sum as before");
  });

  it("warns at start, once, when this Node keeps the context on async hooks (Node 20, Node 22 without the flag), and not when tracing is off", () => {
    const isWarning = (line: LogLine) => Boolean(line.msg?.startsWith("tracing is on and this Node keeps its context on async hooks"));
    // The servers get no NODE_OPTIONS: the Node running them decides.
    const expected = runsOnAsyncContextFrame({ version: process.versions.node, flags: [] }) ? 0 : 1;
    assert.equal(api.logs.filter(isWarning).length, expected);
    assert.equal(quietApi.logs.filter(isWarning).length, 0);
  });

  it("sends nothing from a server told OTEL_SDK_DISABLED, and writes no trace ids", async () => {
    const { traceId, traceparent } = newTraceparent();
    assert.equal((await quietApi.client.request(TracedCatalog, {}, { traceparent })).status, 200);
    const [line] = await quietApi.waitForLogs((entry) => entry.msg === "graphql operation" && entry.operationName === "TracedCatalog");
    assert.equal(line.trace_id, undefined);
    await sleep(300);
    assert.deepEqual(receiver.trace(traceId), []);
    assert.ok(receiver.spans.every((span) => span.pid !== quietApi.child.pid));
  });
});

describe("AsyncContextFrame, on which tracing's cost depends", () => {
  it("is the default from Node 24, behind a flag on Node 22, absent on Node 20; the later flag wins", () => {
    assert.equal(runsOnAsyncContextFrame({ version: "20.20.2", flags: ["--experimental-async-context-frame"] }), false);
    assert.equal(runsOnAsyncContextFrame({ version: "22.23.0", flags: [] }), false);
    assert.equal(runsOnAsyncContextFrame({ version: "22.23.0", flags: ["--experimental-async-context-frame"] }), true);
    assert.equal(runsOnAsyncContextFrame({ version: "22.23.0", flags: ["--experimental-async-context-frame", "--no-experimental-async-context-frame"] }), false);
    assert.equal(runsOnAsyncContextFrame({ version: "24.21.0", flags: [] }), true);
    assert.equal(runsOnAsyncContextFrame({ version: "24.21.0", flags: ["--no-async-context-frame"] }), false);
    assert.equal(runsOnAsyncContextFrame({ version: "25.0.0", flags: ["--no-async-context-frame", "--async-context-frame"] }), true);
  });
});

describe("tracing off", () => {
  it("without an endpoint (or with OTEL_SDK_DISABLED) loads no SDK and creates no exporter", () => {
    assert.equal(wantsTracing({}), false);
    assert.equal(wantsTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_SDK_DISABLED: "true" }), false);
    assert.equal(wantsTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" }), true);
    assert.equal(startTracing("skein-test", { OTEL_SERVICE_NAME: "x" }), false);
    const loaded = Object.keys(require.cache).filter((file) => /[\\/]@opentelemetry[\\/](sdk-|exporter-|instrumentation)/.test(file));
    assert.deepEqual(loaded, []);
  });
});
