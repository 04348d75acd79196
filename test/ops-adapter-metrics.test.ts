import assert from "node:assert/strict";
import { type AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { Queue, Worker } from "bullmq";
import { buildSchema } from "graphql";
import { createClient } from "graphql-ws/client";
import { useServer } from "graphql-ws/use/ws";
import { Redis } from "ioredis";
import { Registry } from "prom-client";
import { WebSocket, WebSocketServer } from "ws";
import { countWebSockets, subscriptionMetricHooks } from "../src/transports/subscriptions/metrics";
import { createJobMetrics } from "../src/modules/jobs/job.metrics";
import { type Metrics, createMetrics } from "../src/infra/metrics";
import { unique } from "./support/fixtures";
import { freePort } from "./support/free-port";
import { parsePrometheusText, sumOf } from "./support/prometheus";
import { testRedisUrl } from "./support/redis";

// The WebSocket server and the BullMQ worker are built on other branches; these
// check the metric adapters they will use, against a real ws server and a real Redis.

async function until(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("WebSocket metrics (graphql-ws on ws)", () => {
  let metrics: Metrics;
  let wss: WebSocketServer;
  let url: string;
  const gauges = async () => {
    const families = parsePrometheusText(await metrics.registry.metrics());
    return { connections: sumOf(families, "skein_ws_connections"), subscriptions: sumOf(families, "skein_graphql_subscriptions_active") };
  };

  before(async () => {
    metrics = createMetrics();
    wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await new Promise((resolve) => wss.once("listening", resolve));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    countWebSockets(wss, metrics);
    const schema = buildSchema("type Query { ok: Boolean } type Subscription { ticks: Int }");
    const roots = {
      query: { ok: () => true },
      subscription: {
        ticks: async function* () {
          for (let tick = 0; ; tick += 1) {
            yield { ticks: tick };
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        },
      },
    };
    // Typed as the WebSocket adapter types its server (connection params and extra of its own).
    type Params = { token?: string } | undefined;
    useServer<Params, { viewer: null }>({ schema, roots, ...subscriptionMetricHooks(metrics) }, wss);
  });
  after(async () => {
    await new Promise((resolve) => wss.close(resolve));
  });

  it("counts open sockets and running subscriptions, not queries, and returns to zero when clients leave", async () => {
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0 });
    const ticked = () => new Promise<() => void>((resolve) => {
      const stop = client.subscribe({ query: "subscription { ticks }" }, { next: () => resolve(stop), error: () => undefined, complete: () => undefined });
    });
    const stopFirst = await ticked();
    await ticked();
    assert.deepEqual(await gauges(), { connections: 1, subscriptions: 2 });
    await new Promise((resolve) => client.subscribe({ query: "{ ok }" }, { next: () => undefined, error: resolve, complete: () => resolve(undefined) }));
    assert.deepEqual(await gauges(), { connections: 1, subscriptions: 2 });
    stopFirst();
    await until("one subscription to end", async () => (await gauges()).subscriptions === 1);
    await client.dispose();
    // A subscription ends once its generator returns, a moment after the socket closes.
    await until("the socket to close and its subscription to end", async () => {
      const { connections, subscriptions } = await gauges();
      return connections === 0 && subscriptions === 0;
    });
  });
});

describe("job metrics (BullMQ on Redis)", () => {
  const redisUrl = testRedisUrl();
  const queueName = `ops-metrics-${unique()}`;
  let connection: Redis;
  let workerConnection: Redis;
  let queue: Queue;
  let worker: Worker;
  const registry = new Registry();

  before(async () => {
    connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    workerConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    queue = new Queue(queueName, { connection });
    const jobs = createJobMetrics(registry, [queue]);
    worker = new Worker(
      queueName,
      async (job) => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        if (job.name === "bad") throw new Error("this job always fails");
      },
      { connection: workerConnection },
    );
    jobs.observe(worker);
  });
  after(async () => {
    await worker?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    // BullMQ leaves connections it was given open.
    connection?.disconnect();
    workerConnection?.disconnect();
  });

  it("reports counts by queue and state, durations by outcome, and waiting times", async () => {
    await queue.addBulk([{ name: "ok", data: {} }, { name: "ok", data: {} }, { name: "ok", data: {} }, { name: "bad", data: {} }]);
    await queue.add("later", {}, { delay: 60_000 });
    const durationsCounted = async () => {
      const counted = parsePrometheusText(await registry.metrics());
      return sumOf(counted, "skein_job_duration_seconds", { queue: queueName }, "skein_job_duration_seconds_count");
    };
    // The worker's completed and failed events (which the durations count) come after BullMQ has moved the job.
    await until("4 jobs to finish and be counted", async () => {
      const counts = await queue.getJobCounts("completed", "failed");
      return counts.completed === 3 && counts.failed === 1 && (await durationsCounted()) === 4;
    });
    const families = parsePrometheusText(await registry.metrics());
    const state = (name: string) => sumOf(families, "skein_jobs", { queue: queueName, state: name });
    assert.deepEqual(
      { completed: state("completed"), failed: state("failed"), delayed: state("delayed"), waiting: state("waiting"), active: state("active") },
      { completed: 3, failed: 1, delayed: 1, waiting: 0, active: 0 },
    );
    const count = (family: string, labels: Record<string, string>) => sumOf(families, family, { queue: queueName, ...labels }, `${family}_count`);
    assert.equal(count("skein_job_duration_seconds", { name: "ok", outcome: "completed" }), 3);
    assert.equal(count("skein_job_duration_seconds", { name: "bad", outcome: "failed" }), 1);
    const seconds = sumOf(families, "skein_job_duration_seconds", { queue: queueName, name: "ok" }, "skein_job_duration_seconds_sum");
    assert.ok(seconds >= 0.08 && seconds < 10, `3 jobs of 30 ms ran ${seconds} s`);
    assert.equal(count("skein_job_wait_seconds", {}), 4);
  });

  it("answers a scrape within its bound while Redis is unreachable, without job counts", async () => {
    const unreachable = new Redis(`redis://127.0.0.1:${await freePort()}`, { maxRetriesPerRequest: null, lazyConnect: true });
    unreachable.on("error", () => undefined);
    const deadQueue = new Queue(`ops-dead-${unique()}`, { connection: unreachable });
    deadQueue.on("error", () => undefined);
    const isolated = new Registry();
    createJobMetrics(isolated, [deadQueue]);
    const startedAt = performance.now();
    const families = parsePrometheusText(await isolated.metrics());
    assert.ok(performance.now() - startedAt < 3_000);
    assert.equal(families.get("skein_jobs")?.samples.length, 0);
    // Not deadQueue.close(): it would wait for a connection that never comes.
    unreachable.disconnect();
  });
});
