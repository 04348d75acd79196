import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { graphql } from "./__generated__";
import { type TestUser, signUpUser, unique } from "./support/fixtures";
import { JobById } from "./support/jobs";
import { testQueuePrefix } from "./support/queue-prefix";
import { deleteKeys, sharedRedisEnv } from "./support/redis";
import { type ReplicaCluster, startReplicaCluster } from "./support/replica-cluster";
import { type ServerProcess, type SkeinProcess, spawnServer, spawnWorker } from "./support/server-process";
import { subscribe, wsClient } from "./support/subscriptions";

const ReplicaReport = graphql(`
  mutation ReplicaReport($kind: ReportKind!) { generateReport(kind: $kind) { id state } }
`);

const ReplicaOrder = graphql(`
  mutation ReplicaOrder($itemId: ID!) { placeOrder(itemId: $itemId, quantity: 1) { id } }
`);

const ReplicaJobUpdated = graphql(`
  subscription ReplicaJobUpdated($id: ID!) { jobUpdated(id: $id) { id state progress } }
`);

describe("two APIs and two workers on a primary, a streaming replica and Redis", () => {
  const queues = testQueuePrefix();
  const redis = sharedRedisEnv();
  // Welcome emails land here as .eml files (no SMTP_URL).
  const dataDir = mkdtempSync(path.join(tmpdir(), "skein-replica-processes-"));
  let cluster: ReplicaCluster;
  let env: Record<string, string>;
  const processes: SkeinProcess[] = [];
  let api1: ServerProcess;
  let api2: ServerProcess;
  let seller: TestUser;
  let itemId: string;

  before(async () => {
    cluster = await startReplicaCluster();
    env = {
      ...redis,
      DATABASE_URL: cluster.primary.url,
      DATA_DIR: dataDir,
      DATABASE_REPLICA_URLS: cluster.replica.url,
      REPLICA_LAG_POLL_MS: "100",
      JOBS_PREFIX: queues.prefix,
      WORKER_IN_API: "false",
      JOB_DISPATCH_POLL_MS: "500",
      REPORT_CHUNK_ROWS: "10",
      REPORT_CHUNK_PAUSE_MS: "20",
    };
    [api1, api2] = await Promise.all([spawnServer(cluster.primary.url, { env }), spawnServer(cluster.primary.url, { env })]);
    processes.push(api1, api2);
    seller = await signUpUser(api2.client, "Seller");
    const [item] = await cluster.primary.query<{ id: number }>(
      `insert into items (sku, name, price_cents, stock, owner_id) values ($1, 'Gadget', 150, 1000, $2) returning id`,
      [`SALE-${unique()}`, seller.id],
    );
    itemId = String(item.id);
    // 60 earlier sales, so the report runs in several chunks and reports progress.
    await cluster.primary.query(
      `insert into orders (item_id, buyer_id, quantity, total_cents) select $1, $2, 1, 150 from generate_series(1, 60)`,
      [item.id, seller.id],
    );
    await cluster.caughtUp();
  });
  after(async () => {
    for (const spawned of processes) await spawned.kill();
    await cluster?.stop();
    await queues.remove();
    await deleteKeys(redis);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("streams every state of a report started through API 2 to a subscriber on API 1; the report includes the order placed just before", async () => {
    await cluster.replica.query("select pg_wal_replay_pause()");
    try {
      const buyer = await signUpUser(api2.client, "Buyer");
      const { placeOrder } = await buyer.client.data(ReplicaOrder, { itemId });
      const { generateReport } = await seller.client.as(seller.token).data(ReplicaReport, { kind: "SALES_CSV" });
      const client = wsClient(api1.url, seller.token);
      try {
        const updates = subscribe(client, ReplicaJobUpdated, { id: generateReport.id });
        await updates.waitFor((result) => result.data?.jobUpdated.state === "QUEUED");
        processes.push(...(await Promise.all([spawnWorker(env), spawnWorker(env)])));
        assert.deepEqual(await updates.ended, { completed: true });
        const events = updates.results.map((result) => result.data!.jobUpdated);
        const states = events.map((event) => event.state).filter((state, i, all) => state !== all[i - 1]);
        assert.deepEqual(states, ["QUEUED", "ACTIVE", "COMPLETED"]);
        const progress = events.filter((event) => event.state === "ACTIVE").map((event) => event.progress);
        assert.ok(progress.length >= 6, `progress after each chunk, saw ${progress.join(",")}`);
        assert.deepEqual(progress, [...progress].sort((a, b) => a - b), "progress only rises");
      } finally {
        await client.dispose();
      }

      const { job } = await api1.client.as(seller.token).data(JobById, { id: generateReport.id });
      const csv = await (await fetch(`${api1.url}${job!.report!.url}`)).text();
      const orderIds = csv.trim().split("\r\n").slice(1).map((line) => line.split(",")[0]);
      assert.equal(orderIds.length, 61);
      assert.ok(orderIds.includes(placeOrder.id), "the order placed right before the report is in it, though the replica had not replayed it");
    } finally {
      await cluster.replica.query("select pg_wal_replay_resume()");
    }
  });
});
