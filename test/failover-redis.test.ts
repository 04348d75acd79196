// Redis Sentinel: the master dies under load and a replica takes over (README, "Failover").
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { graphql } from "./__generated__";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { SignUp, type TestUser, signUpUser, unique } from "./support/fixtures";
import { type SentinelCluster, startSentinelCluster } from "./support/redis-sentinel";
import { RequestLoop } from "./support/request-loop";
import { type ServerProcess, type SkeinProcess, spawnServer, spawnWorker } from "./support/server-process";
import { type SmtpSink, startSmtpSink } from "./support/smtp-sink";
import { type Subscribed, subscribe, wsClient } from "./support/subscriptions";

const SentinelCatalog = graphql(`
  query SentinelCatalog { items(first: 5) { nodes { id name } } }
`);

const SentinelReport = graphql(`
  mutation SentinelReport($kind: ReportKind!) { generateReport(kind: $kind) { id state } }
`);

const SentinelJobUpdated = graphql(`
  subscription SentinelJobUpdated($id: ID!) { jobUpdated(id: $id) { id state progress } }
`);

const SentinelMyJobUpdated = graphql(`
  subscription SentinelMyJobUpdated { myJobUpdated { id state } }
`);

/** Welcome jobs by state, once none is left to run (or after `timeoutMs`). */
async function settledWelcomeJobs(database: TestDatabase, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await database.query<{ state: string; jobs: number; attempts: number }>(
      "select state, count(*)::int as jobs, sum(attempts)::int as attempts from jobs where kind = 'WELCOME_EMAIL' group by state",
    );
    if (rows.every((row) => ["COMPLETED", "FAILED", "CANCELLED"].includes(row.state)) || Date.now() > deadline) return rows;
    await sleep(200);
  }
}

describe("Redis behind Sentinels: the master is SIGKILLed during sign-ups through two APIs", () => {
  let cluster: SentinelCluster;
  let database: TestDatabase;
  let sink: SmtpSink;
  let api1: ServerProcess;
  let api2: ServerProcess;
  const processes: SkeinProcess[] = [];
  let seller: TestUser;
  /** The seller's job events on API 1, subscribed before the master dies: its channel must be subscribed again on the new one. */
  let earlyClient: ReturnType<typeof wsClient>;
  let earlyUpdates: Subscribed<{ myJobUpdated: { id: string; state: string } }>;

  before(async () => {
    [cluster, database, sink] = await Promise.all([startSentinelCluster(), createTestDatabase(), startSmtpSink()]);
    const env = {
      REDIS_SENTINELS: cluster.sentinelList,
      REDIS_SENTINEL_MASTER: cluster.masterName,
      SMTP_URL: sink.url,
      WORKER_IN_API: "false",
      JOB_DISPATCH_POLL_MS: "300",
      // A job whose completion the failover lost is offered again soon (and skipped).
      JOB_LOCK_MS: "2000",
      REPORT_CHUNK_ROWS: "10",
      REPORT_CHUNK_PAUSE_MS: "150",
    };
    [api1, api2] = await Promise.all([spawnServer(database.url, { env }), spawnServer(database.url, { env })]);
    processes.push(api1, api2);
    processes.push(await spawnWorker({ ...env, DATABASE_URL: database.url }, 4));
    seller = await signUpUser(api2.client, "Seller");
    const [item] = await database.query<{ id: number }>(
      `insert into items (sku, name, price_cents, stock, owner_id) values ($1, 'Gadget', 150, 1000, $2) returning id`,
      [`SALE-${unique()}`, seller.id],
    );
    // 60 sales, so the report runs in several chunks and reports progress.
    await database.query(`insert into orders (item_id, buyer_id, quantity, total_cents) select $1, $2, 1, 150 from generate_series(1, 60)`, [item.id, seller.id]);
    await sink.waitForMessages(1); // the seller's: the worker and its queues are up
    earlyClient = wsClient(api1.url, seller.token);
    earlyUpdates = subscribe(earlyClient, SentinelMyJobUpdated, {});
    // Subscribed once an event reaches it: the seller's own, published from API 2.
    const { generateReport } = await seller.client.as(seller.token).data(SentinelReport, { kind: "SALES_CSV" });
    await earlyUpdates.waitFor((result) => result.data?.myJobUpdated.id === generateReport.id && result.data.myJobUpdated.state === "COMPLETED");
  });
  after(async () => {
    await earlyClient?.dispose();
    for (const spawned of processes) await spawned.kill();
    await cluster?.stop();
    await sink?.stop();
    await database?.drop();
  });

  it("completes every welcome job, sends each email once, and serves catalog reads through the failover", async (t) => {
    const apis = [api1, api2];
    const signUps = new RequestLoop(async (n) => {
      const input = { name: "Failover", email: `failover-${unique()}@example.com`, password: "correct horse battery" };
      const response = await apis[n % 2].client.request(SignUp, { input });
      return response.status === 200 && !response.errors;
    }, 4);
    const reads = new RequestLoop(async (n) => {
      const response = await apis[n % 2].client.request(SentinelCatalog);
      return response.status === 200 && !response.errors;
    }, 2);
    await sleep(1_000);
    const killedAt = Date.now();
    const oldMaster = cluster.master.port;
    await cluster.master.stop("SIGKILL");
    await cluster.failedOverTo(cluster.replica.port);
    const failoverMs = Date.now() - killedAt;
    await sleep(3_000);
    await Promise.all([signUps.stop(), reads.stop()]);

    const users = await database.query<{ email: string }>("select email from users where email like 'failover-%'");
    const jobs = await settledWelcomeJobs(database);
    const completed = jobs.find((row) => row.state === "COMPLETED");
    assert.deepEqual(jobs.map((row) => row.state), ["COMPLETED"], `every welcome job COMPLETED: ${JSON.stringify(jobs)}`);
    assert.equal(completed?.jobs, users.length + 1, "one welcome job per sign-up (and the seller's)");
    await sink.waitForMessages(users.length + 1);
    // A run the failover forgot may be offered again after a lock lapses: give it that long to (wrongly) send twice.
    await sleep(2 * 2_000);
    const sent = sink.received.flatMap((mail) => mail.to).filter((to) => to.startsWith("failover-"));
    assert.deepEqual([...sent].sort(), users.map((user) => user.email).sort(), "each sign-up's email, exactly once");
    assert.ok(reads.failedWindowMs <= 5_000, `catalog reads failed for ${reads.failedWindowMs} ms`);

    // Everything shared went to Redis, now the promoted replica: BullMQ's queue is there.
    const promoted = new Redis(cluster.replica.port, "127.0.0.1");
    try {
      assert.ok((await promoted.keys("skein:jobs:*")).length > 0, "BullMQ's jobs queue lives on the new master");
    } finally {
      promoted.disconnect();
    }
    // The first job made after the kill to finish: when jobs ran again.
    const [{ firstJobDoneMs }] = await database.query<{ firstJobDoneMs: number }>(
      `select (extract(epoch from min(finished_at)) * 1000 - $1)::int as "firstJobDoneMs" from jobs where created_at > to_timestamp($1 / 1000.0)`,
      [killedAt],
    );
    t.diagnostic(
      JSON.stringify({
        oldMaster,
        failoverMs,
        firstJobDoneMs,
        signUps: { ok: signUps.successes, failed: signUps.failures, failedWindowMs: signUps.failedWindowMs, firstOkAfterKillMs: signUps.firstSuccessAfter(killedAt) },
        reads: { ok: reads.successes, failed: reads.failures, failedWindowMs: reads.failedWindowMs },
        jobs: { completed: completed?.jobs, started: completed?.attempts },
        emails: { sent: sent.length, duplicated: sent.length - new Set(sent).size },
      }),
    );
  });

  it("streams a report started after the failover through API 2 to a subscriber on API 1, new and from before it", { timeout: 30_000 }, async () => {
    const { generateReport } = await seller.client.as(seller.token).data(SentinelReport, { kind: "SALES_CSV" });
    const client = wsClient(api1.url, seller.token);
    try {
      const updates = subscribe(client, SentinelJobUpdated, { id: generateReport.id });
      assert.deepEqual(await updates.ended, { completed: true });
      const events = updates.results.map((result) => result.data!.jobUpdated);
      assert.equal(events.at(-1)?.state, "COMPLETED");
      const progress = events.filter((event) => event.state === "ACTIVE").map((event) => event.progress);
      assert.ok(progress.length >= 3, `progress after each chunk, saw ${progress.join(",")}`);
      await earlyUpdates.waitFor((result) => result.data?.myJobUpdated.id === generateReport.id && result.data.myJobUpdated.state === "COMPLETED");
    } finally {
      await client.dispose();
    }
  });
});
