import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { graphql } from "./__generated__";
import { type TestDatabase } from "./support/database";
import { type TestUser, createItem, signUpUser, unique } from "./support/fixtures";
import { readMetric, statementsPerPoolDuring, waitForMetric } from "./support/metrics";
import { deleteKeys, sharedRedisEnv } from "./support/redis";
import { type ReplicaCluster, type TestPostgres, startReplicaCluster } from "./support/replica-cluster";
import { type TestServer, startTestServer } from "./support/server";

const Catalog = graphql(`
  query LagCatalog { items(first: 5) { nodes { sku } } }
`);

const ItemById = graphql(`
  query LagItemById($id: ID!) { item(id: $id) { id } }
`);

const MeAndUsers = graphql(`
  query LagMeAndUsers { me { id name } users(first: 100) { nodes { id name } } }
`);

const Rename = graphql(`
  mutation LagRename($input: UpdateProfileInput!) { updateProfile(input: $input) { id name } }
`);

/** Calls of statements reading the items table on `server` (pg_stat_statements). */
async function itemReads(server: TestPostgres): Promise<number> {
  const [row] = await server.query<{ calls: string | null }>(`select sum(calls) as calls from pg_stat_statements where query like '%from "items"%'`);
  return Number(row.calls ?? 0);
}

const NewItem = graphql(`
  mutation LagNewItem($input: CreateItemInput!) { createItem(input: $input) { id } }
`);

/** How long (ms) until `server` has replayed WAL position `lsn`. */
async function replayedWithin(server: TestPostgres, lsn: string): Promise<number> {
  const started = Date.now();
  for (let attempt = 0; attempt < 500; attempt++) {
    const [row] = await server.query<{ done: boolean }>("select pg_last_wal_replay_lsn() >= $1::pg_lsn as done", [lsn]);
    if (row.done) return Date.now() - started;
  }
  throw new Error(`the replica did not replay ${lsn}`);
}

/** Whether a client reading through `api` (with `headers`) sees item `id`. */
async function seesItem(api: TestServer, id: string, headers: Record<string, string> = {}): Promise<boolean> {
  const response = await api.client.request(ItemById, { id }, headers);
  assert.equal(response.errors, undefined);
  return response.data!.item !== null;
}

describe("reads on a streaming replica: lag-aware routing and read-your-writes", () => {
  const redis = sharedRedisEnv();
  let cluster: ReplicaCluster;
  let api1: TestServer;
  let api2: TestServer;
  /** Without Redis: positions are remembered per process. */
  let solo: TestServer;
  let seller: TestUser;
  let rotation: Record<string, string>;

  before(async () => {
    cluster = await startReplicaCluster();
    const env = { DATABASE_REPLICA_URLS: cluster.replica.url, REPLICA_LAG_POLL_MS: "100", REPLICA_MAX_LAG_MS: "4000", ...redis };
    const primary = { url: cluster.primary.url } as TestDatabase;
    const { REDIS_URL: _redis, REDIS_KEY_PREFIX: _prefix, ...withoutRedis } = env;
    [api1, api2, solo] = await Promise.all([startTestServer(primary, env), startTestServer(primary, env), startTestServer(primary, withoutRedis)]);
    rotation = { replica: `127.0.0.1:${cluster.replica.port}` };
    seller = await signUpUser(api1.client, "Seller");
    await createItem(seller);
    await cluster.caughtUp();
    await Promise.all([api1, api2, solo].map((api) => waitForMetric(api.url, "skein_db_replica_in_rotation", rotation, 1)));
  });
  after(async () => {
    await api1?.stop();
    await api2?.stop();
    await solo?.stop();
    await cluster?.stop();
    await deleteKeys(redis);
  });

  it("sends catalog reads to the replica, none to the primary, and keeps it in rotation under writes", async (t) => {
    const before = { primary: await itemReads(cluster.primary), replica: await itemReads(cluster.replica) };
    for (let i = 0; i < 5; i++) await api2.client.data(Catalog);
    assert.equal(await itemReads(cluster.primary), before.primary, "the primary read no items");
    assert.ok((await itemReads(cluster.replica)) >= before.replica + 5, "the replica read them");

    let maxBytes = 0;
    const visibleAfterMs: number[] = [];
    for (let i = 0; i < 30; i++) {
      const created = await seller.client.request(NewItem, { input: { sku: `LOAD-${unique()}`, name: "Load", priceCents: 1, stock: 1 } });
      visibleAfterMs.push(await replayedWithin(cluster.replica, created.headers.get("x-read-after")!));
      maxBytes = Math.max(maxBytes, await readMetric(api1.url, "skein_db_replica_lag_bytes", rotation));
    }
    visibleAfterMs.sort((a, b) => a - b);
    t.diagnostic(
      `30 sequential createItem: each commit replayed on the replica after median ${visibleAfterMs[15]} ms, max ${visibleAfterMs[29]} ms; ` +
        `skein_db_replica_lag_bytes at most ${maxBytes}`,
    );
    assert.equal(await readMetric(api1.url, "skein_db_replica_in_rotation", rotation), 1);
  });

  it("reads an X-Read-After past the primary's head as that head: FFFFFFFF/FFFFFFFF is served by the replica, and counted", async (t) => {
    await cluster.caughtUp();
    const clampedBefore = await readMetric(api2.url, "skein_db_read_after_clamped_total");
    const forged = { "x-read-after": "FFFFFFFF/FFFFFFFF" };
    // The poller may not have seen the replica's replay of the last writes yet: a few tries.
    let counts = { primary: 1, replica: 0 };
    for (let attempt = 0; attempt < 20 && counts.primary > 0; attempt++) {
      counts = await statementsPerPoolDuring(api2.url, () => api2.client.request(Catalog, undefined, forged));
    }
    const clamped = (await readMetric(api2.url, "skein_db_read_after_clamped_total")) - clampedBefore;
    t.diagnostic(`X-Read-After FFFFFFFF/FFFFFFFF: ${counts.primary} statements on the primary, ${counts.replica} on the replica; skein_db_read_after_clamped_total +${clamped}`);
    assert.equal(counts.primary, 0, "no read went to the primary");
    assert.ok(counts.replica > 0);
    assert.ok(clamped > 0);
  });

  describe("with replay paused on the replica", () => {
    before(() => cluster.replica.query("select pg_wal_replay_pause()"));
    after(async () => {
      await cluster.replica.query("select pg_wal_replay_resume()");
      await cluster.caughtUp();
    });

    it("shows a user the name they set through API 1 in their next request to API 2", async () => {
      const user = await signUpUser(api1.client, "Before");
      const renamed = await api1.client.as(user.token).request(Rename, { input: { name: `After ${unique()}` } });
      assert.match(renamed.headers.get("x-read-after") ?? "", /^[0-9A-F]+\/[0-9A-F]+$/);
      const newName = renamed.data!.updateProfile.name;
      const { me, users } = await api2.client.as(user.token).data(MeAndUsers);
      assert.equal(me?.name, newName);
      assert.equal(users.nodes.find((row) => row.id === user.id)?.name, newName, "the list read sees the write too");
    });

    it("remembers a viewer's write per process without Redis", async () => {
      const user = await signUpUser(solo.client, "Before");
      const { updateProfile } = await solo.client.as(user.token).data(Rename, { input: { name: `Solo ${unique()}` } });
      const { users } = await solo.client.as(user.token).data(MeAndUsers);
      assert.equal(users.nodes.find((row) => row.id === user.id)?.name, updateProfile.name);
    });

    it("shows an anonymous client that echoes X-Read-After a new item; one that does not still reads the replica", async () => {
      const created = await seller.client.request(NewItem, { input: { sku: `NEW-${unique()}`, name: "New", priceCents: 100, stock: 1 } });
      const id = created.data!.createItem.id;
      const position = created.headers.get("x-read-after")!;
      const echoing = await api2.client.request(ItemById, { id }, { "x-read-after": position });
      assert.equal(echoing.data?.item?.id, id, "a client that sends the position reads past it");
      assert.equal(echoing.headers.get("x-read-after"), position, "and keeps being told it");

      let stale = true;
      const counts = await statementsPerPoolDuring(api2.url, async () => (stale = !(await seesItem(api2, id))));
      assert.ok(stale, "a client with no position reads the paused replica");
      assert.equal(counts.primary, 0);
      assert.ok(counts.replica > 0);
      assert.equal(await readMetric(api2.url, "skein_db_replica_in_rotation", rotation), 1, "lag still under REPLICA_MAX_LAG_MS");
    });

    it("takes the replica out of rotation past REPLICA_MAX_LAG_MS, with fresh reads, and back once replay resumes", async (t) => {
      let latest = "";
      for (let i = 0; i < 200 && (await readMetric(api2.url, "skein_db_replica_in_rotation", rotation)) === 1; i++) {
        latest = (await createItem(seller)).id;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(await readMetric(api2.url, "skein_db_replica_in_rotation", rotation), 0);
      const lagSeconds = await readMetric(api2.url, "skein_db_replica_lag_seconds", rotation);
      const lagBytes = await readMetric(api2.url, "skein_db_replica_lag_bytes", rotation);
      t.diagnostic(`out of rotation at ${lagSeconds} s / ${lagBytes} bytes of lag (limit 4 s)`);
      assert.ok(lagSeconds > 4);

      let fresh = false;
      const counts = await statementsPerPoolDuring(api2.url, async () => (fresh = await seesItem(api2, latest)));
      assert.ok(fresh, "reads are fresh: they go to the primary");
      assert.equal(counts.replica, 0);

      const resumedAt = Date.now();
      await cluster.replica.query("select pg_wal_replay_resume()");
      await waitForMetric(api2.url, "skein_db_replica_in_rotation", rotation, 1);
      t.diagnostic(`back in rotation ${Date.now() - resumedAt} ms after pg_wal_replay_resume()`);
      const back = await statementsPerPoolDuring(api2.url, () => api2.client.data(Catalog));
      assert.equal(back.primary, 0);
      assert.ok(back.replica > 0);
    });
  });
});
