import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { graphql } from "./__generated__";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { createItem, signUpUser, unique } from "./support/fixtures";
import { StartReport } from "./support/jobs";
import { OtlpReceiver, isSql, newTraceparent, tracingEnv } from "./support/otlp-receiver";
import { testQueuePrefix } from "./support/queue-prefix";
import { testRedisUrl } from "./support/redis";
import { type ServerProcess, spawnServer } from "./support/server-process";

const SampledCatalog = graphql(`
  query SampledCatalog { items(first: 5) { nodes { id name owner { id name } } } }
`);

describe("an API that samples only what its callers sampled (parentbased_always_off), with a pool of two connections", () => {
  const redisKeys = testQueuePrefix();
  let receiver: OtlpReceiver;
  let database: TestDatabase;
  let api: ServerProcess;

  before(async () => {
    receiver = await OtlpReceiver.start();
    database = await createTestDatabase();
    api = await spawnServer(database.url, {
      env: {
        ...tracingEnv(receiver),
        OTEL_TRACES_SAMPLER: "parentbased_always_off",
        // Requests wait for a connection, which another request's statement hands on; an idle one
        // is closed soon, so the sampled request below opens the connection the others then use.
        DB_POOL_MAX: "2",
        DB_IDLE_TIMEOUT_MS: "200",
        REDIS_URL: testRedisUrl(),
        JOBS_PREFIX: redisKeys.prefix,
        WORKER_IN_API: "false",
      },
    });
    await createItem(await signUpUser(api.client, "Sampling Seller"));
  });
  after(async () => {
    await api?.kill();
    await database?.drop();
    await redisKeys.remove();
    await receiver?.stop();
  });

  it("exports the sampled request's spans only, with all its statements, while unsampled ones wait for its connections", async () => {
    await sleep(500);
    const sampled = newTraceparent();
    assert.equal((await api.client.request(SampledCatalog, {}, { traceparent: sampled.traceparent })).status, 200);
    await receiver.waitFor((spans) => spans.some((span) => span.name === "query SampledCatalog"), "the sampled operation");
    await sleep(300);
    const exported = receiver.spans.length;
    assert.ok(receiver.trace(sampled.traceId).filter(isSql).length >= 2, "the sampled request's statements");

    // Run on the connections the sampled request opened: none of their statements may join its trace.
    const requestIds = Array.from({ length: 40 }, () => `unsampled-${unique()}`);
    const responses = await Promise.all(
      requestIds.map((requestId, index) => {
        // Half come with a caller's unsampled traceparent, half start a trace the sampler leaves out.
        const traceparent: Record<string, string> = index % 2 ? { traceparent: newTraceparent({ sampled: false }).traceparent } : {};
        return api.client.request(SampledCatalog, {}, { "x-request-id": requestId, ...traceparent });
      }),
    );
    assert.deepEqual(new Set(responses.map((response) => response.status)), new Set([200]));
    await sleep(500);
    assert.equal(receiver.spans.length, exported, `nothing more exported; got ${receiver.spans.slice(exported).map((span) => span.name).join(", ")}`);
    assert.ok(receiver.spans.every((span) => span.traceId === sampled.traceId));

    const lines = await api.waitForLogs((line) => line.msg === "graphql operation" && requestIds.includes(String(line.requestId)), requestIds.length);
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
