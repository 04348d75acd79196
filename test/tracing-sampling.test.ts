import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { graphql } from "./__generated__";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { createItem, signUpUser, unique } from "./support/fixtures";
import { StartReport } from "./support/jobs";
import { OtlpReceiver, type ReceivedSpan, hasAncestor, isSql, newTraceparent, statementTextOf, tracingEnv } from "./support/otlp-receiver";
import { testQueuePrefix } from "./support/queue-prefix";
import { testRedisUrl } from "./support/redis";
import { type ServerProcess, spawnServer } from "./support/server-process";

// Two operations whose statements differ: one sampled request's trace shows whether another's joined it.
const SampledPage = graphql(`
  query SampledPage { items(first: 5) { nodes { id name } } }
`);
const UnsampledItem = graphql(`
  query UnsampledItem($id: ID!) { item(id: $id) { id name } }
`);

/**
 * The SQL of the statements among `spans`, less those that set up a connection the request's own connect
 * opened (the primary check, under pg-pool.connect).
 */
const statementsOf = (spans: ReceivedSpan[]): unknown[] =>
  spans.filter((span) => isSql(span) && !hasAncestor(spans, span, (parent) => parent.name === "pg-pool.connect")).map(statementTextOf);

describe("an API that samples only what its callers sampled (parentbased_always_off), with a pool of two connections", () => {
  const redisKeys = testQueuePrefix();
  let receiver: OtlpReceiver;
  let database: TestDatabase;
  let api: ServerProcess;
  let itemId: string;

  before(async () => {
    receiver = await OtlpReceiver.start();
    database = await createTestDatabase();
    api = await spawnServer(database.url, {
      env: {
        ...tracingEnv(receiver),
        OTEL_TRACES_SAMPLER: "parentbased_always_off",
        // Requests queue for a connection, which pg-pool hands on from the statement that released it.
        DB_POOL_MAX: "2",
        REDIS_URL: testRedisUrl(),
        JOBS_PREFIX: redisKeys.prefix,
        WORKER_IN_API: "false",
      },
    });
    itemId = (await createItem(await signUpUser(api.client, "Sampling Seller"))).id;
  });
  after(async () => {
    await api?.kill();
    await database?.drop();
    await redisKeys.remove();
    await receiver?.stop();
  });

  it("keeps a sampled request's trace to its own statements while unsampled ones queue behind them", async () => {
    const alone = newTraceparent();
    assert.equal((await api.client.request(SampledPage, {}, { traceparent: alone.traceparent })).status, 200);
    await receiver.waitFor((spans) => spans.some((span) => span.traceId === alone.traceId && span.name === "query SampledPage"), "the sampled operation");
    const statements = statementsOf(receiver.trace(alone.traceId));
    assert.equal(statements.length, 1, "the page is one statement");

    // Sampled requests come among unsampled ones, so some are queued when a sampled statement releases a
    // connection: pg-pool then runs the next one's statement in the context of the one that released it.
    const isSampled = (index: number) => index % 8 === 4;
    const requests = Array.from({ length: 40 }, (_, index) => (isSampled(index) ? newTraceparent() : { requestId: `unsampled-${unique()}` }));
    const responses = await Promise.all(
      requests.map((request, index) => {
        if ("traceparent" in request) return api.client.request(SampledPage, {}, { traceparent: request.traceparent });
        // Half come with a caller's unsampled traceparent, half start a trace the sampler leaves out.
        const traceparent: Record<string, string> = index % 2 ? { traceparent: newTraceparent({ sampled: false }).traceparent } : {};
        return api.client.request(UnsampledItem, { id: itemId }, { "x-request-id": request.requestId, ...traceparent });
      }),
    );
    assert.deepEqual(new Set(responses.map((response) => response.status)), new Set([200]));
    const sampled = requests.flatMap((request) => ("traceId" in request ? [request.traceId] : []));
    const operations = (spans: ReceivedSpan[]) => spans.filter((span) => span.name === "query SampledPage" && sampled.includes(span.traceId));
    await receiver.waitFor((spans) => operations(spans).length === sampled.length, "the sampled operations");
    await sleep(300);
    for (const traceId of sampled) {
      assert.deepEqual(statementsOf(receiver.trace(traceId)), statements, "its own statement, and no unsampled request's");
    }
    assert.deepEqual(
      receiver.spans.filter((span) => span.traceId !== alone.traceId && !sampled.includes(span.traceId)).map((span) => span.name),
      [],
      "nothing exported for the unsampled requests",
    );

    const unsampledIds = requests.flatMap((request) => ("requestId" in request ? [request.requestId] : []));
    const lines = await api.waitForLogs((line) => line.msg === "graphql operation" && unsampledIds.includes(String(line.requestId)), unsampledIds.length);
    assert.deepEqual(lines.filter((line) => line.trace_id !== undefined), [], "no trace ids on lines whose trace is not exported");
  });

  it("stores an unsampled mutation's trace on its job, still unsampled, and exports nothing for it", async () => {
    const seller = await signUpUser(api.client, "Unsampled Seller");
    const { traceId, traceparent } = newTraceparent({ sampled: false });
    const started = await api.client.as(seller.token).request(StartReport, { kind: "SALES_CSV" }, { traceparent });
    const [row] = await database.query<{ trace_context: string }>("select trace_context from jobs where id = $1", [started.data!.generateReport.id]);
    const stored = JSON.parse(row.trace_context) as Record<string, string>;
    assert.match(stored.traceparent, new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`), "the job carries the trace and its decision not to sample");
    await sleep(500);
    assert.deepEqual(receiver.trace(traceId), []);
  });
});
