import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { graphql } from "./__generated__";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { type TestUser, signUpUser, unique } from "./support/fixtures";
import { JobById, waitForFinalJob } from "./support/jobs";
import { type ServerProcess, type SkeinProcess, spawnServer, spawnWorker } from "./support/server-process";
import { testQueuePrefix } from "./support/queue-prefix";
import { testRedisUrl } from "./support/redis";
import { subscribe, wsClient } from "./support/subscriptions";

const GenerateReport = graphql(`
  mutation GenerateReport($kind: ReportKind!) { generateReport(kind: $kind) { id state } }
`);

const JobUpdated = graphql(`
  subscription JobUpdated($id: ID!) { jobUpdated(id: $id) { id state progress attempts } }
`);

/** 120 orders of the seller's one item, made in SQL: the data the report must contain. */
async function seedSales(database: TestDatabase, seller: TestUser): Promise<string[]> {
  const buyer = await database.query<{ id: number }>(
    `insert into users (name, email, password_hash) values ('Buyer', $1, 'x') returning id`,
    [`buyer-${unique()}@example.com`],
  );
  const [item] = await database.query<{ id: number; sku: string }>(
    `insert into items (sku, name, price_cents, stock, owner_id) values ($1, 'Gadget, "deluxe"', 150, 1000, $2) returning id, sku`,
    [`SALE-${unique()}`, seller.id],
  );
  const orders = await database.query<{ id: string; quantity: number; total_cents: number }>(
    `insert into orders (item_id, buyer_id, quantity, total_cents)
     select $1, $2, 1 + n % 3, 150 * (1 + n % 3) from generate_series(1, 120) n returning id, quantity, total_cents`,
    [item.id, buyer[0].id],
  );
  return orders.map((order) => `${order.id},${item.sku},"Gadget, ""deluxe""",${order.quantity},${order.total_cents}`);
}

/** The CSV's data rows without the created_at column, which the test cannot predict. */
const csvRowsWithoutDates = (csv: string) =>
  csv
    .trim()
    .split("\r\n")
    .slice(1)
    .map((line) => line.replace(/^(\d+),[^,]+,/, "$1,"));

describe("jobs across processes (two APIs, separate workers, Redis between them)", () => {
  const redisKeys = testQueuePrefix();
  let database: TestDatabase;
  let env: Record<string, string>;
  const processes: SkeinProcess[] = [];
  let subscriberApi: ServerProcess;
  let mutationApi: ServerProcess;
  let seller: TestUser;
  let expectedRows: string[];

  before(async () => {
    database = await createTestDatabase();
    env = {
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      JOBS_PREFIX: redisKeys.prefix,
      WORKER_IN_API: "false",
      JOB_LOCK_MS: "1000",
      JOB_DISPATCH_POLL_MS: "500",
      REPORT_CHUNK_ROWS: "10",
      REPORT_CHUNK_PAUSE_MS: "40",
    };
    subscriberApi = await spawnServer(database.url, { env });
    mutationApi = await spawnServer(database.url, { env });
    processes.push(subscriberApi, mutationApi);
    seller = await signUpUser(mutationApi.client, "Seller");
    expectedRows = await seedSales(database, seller);
  });
  after(async () => {
    for (const spawned of processes) await spawned.stop();
    await database?.drop();
    await redisKeys.remove();
  });

  it("streams QUEUED, ACTIVE, rising progress and COMPLETED to a subscriber on another API, and serves the CSV there", async (t) => {
    const { generateReport } = await seller.client.as(seller.token).data(GenerateReport, { kind: "SALES_CSV" });
    const client = wsClient(subscriberApi.url, seller.token);
    try {
      const updates = subscribe(client, JobUpdated, { id: generateReport.id });
      await updates.waitFor((result) => result.data?.jobUpdated.state === "QUEUED");
      const worker = await spawnWorker(env);
      processes.push(worker);
      assert.deepEqual(await updates.ended, { completed: true });
      await worker.stop();

      const events = updates.results.map((result) => result.data!.jobUpdated);
      t.diagnostic(`a subscriber saw ${events.length} events for one report job`);
      const states = events.map((event) => event.state).filter((state, i, all) => state !== all[i - 1]);
      assert.deepEqual(states, ["QUEUED", "ACTIVE", "COMPLETED"]);
      const progress = events.filter((event) => event.state === "ACTIVE").map((event) => event.progress);
      assert.ok(progress.length >= 12, `progress after each of the 12 chunks, saw ${progress.join(",")}`);
      assert.deepEqual(progress, [...progress].sort((a, b) => a - b), "progress only rises");
      assert.equal(events.at(-1)?.progress, 100);

      const { job } = await subscriberApi.client.as(seller.token).data(JobById, { id: generateReport.id });
      assert.ok(job!.report!.url.startsWith(`${subscriberApi.url}/reports/`), `an absolute link: ${job!.report!.url}`);
      const download = await fetch(job!.report!.url);
      assert.equal(download.status, 200);
      const csv = await download.text();
      assert.equal(csv.split("\r\n")[0], "order_id,created_at,sku,item_name,quantity,total_cents");
      assert.deepEqual(csvRowsWithoutDates(csv), expectedRows);
      assert.equal(job!.report!.sizeBytes, Buffer.byteLength(csv));
    } finally {
      await client.dispose();
    }
  });

  it("refuses a download link with a bad or expired signature", async () => {
    const [report] = await database.query<{ id: string }>("select id from reports limit 1");
    const forged = await fetch(`${subscriberApi.url}/reports/${report.id}?expires=${Math.floor(Date.now() / 1000) + 60}&signature=forged`);
    assert.equal(forged.status, 403);
    const { job } = await seller.client.data(JobById, { id: (await database.query<{ id: string }>("select job_id as id from reports limit 1"))[0].id });
    const expired = job!.report!.url.replace(/expires=\d+/, "expires=1");
    assert.equal((await fetch(expired)).status, 403);
  });

  it("finishes a REPORT whose worker was killed mid-run, with exactly one report row", async () => {
    const { generateReport } = await seller.client.data(GenerateReport, { kind: "SALES_CSV" });
    const firstWorker = await spawnWorker(env);
    processes.push(firstWorker);
    const client = wsClient(subscriberApi.url, seller.token);
    try {
      const updates = subscribe(client, JobUpdated, { id: generateReport.id });
      await updates.waitFor((result) => (result.data?.jobUpdated.progress ?? 0) > 0);
      await firstWorker.stop("SIGKILL");
      const secondWorker = await spawnWorker(env);
      processes.push(secondWorker);
      assert.deepEqual(await updates.ended, { completed: true });
      await secondWorker.stop();
      const job = await waitForFinalJob(seller.client, generateReport.id);
      assert.equal(job.state, "COMPLETED");
      assert.ok(job.attempts >= 2, `the job ran again (attempts: ${job.attempts})`);
      const rows = await database.query("select id from reports where job_id = $1", [generateReport.id]);
      assert.equal(rows.length, 1);
    } finally {
      await client.dispose();
    }
  });

  it("lets a worker told to stop (SIGTERM) finish the report it is running, then exit 0", async () => {
    const { generateReport } = await seller.client.data(GenerateReport, { kind: "SALES_CSV" });
    const worker = await spawnWorker(env);
    processes.push(worker);
    const client = wsClient(subscriberApi.url, seller.token);
    try {
      const updates = subscribe(client, JobUpdated, { id: generateReport.id });
      await updates.waitFor((result) => (result.data?.jobUpdated.progress ?? 0) > 0);
      assert.equal((await worker.stop("SIGTERM")).code, 0);
      assert.deepEqual(await updates.ended, { completed: true });
      const job = await waitForFinalJob(seller.client, generateReport.id);
      assert.equal(job.state, "COMPLETED");
      assert.equal(job.attempts, 1, "finished by the worker that started it");
    } finally {
      await client.dispose();
    }
  });
});
