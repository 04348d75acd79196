import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { graphql } from "./__generated__";
import { errorCodes } from "./support/client";
import { type TestDatabase } from "./support/database";
import { type TestUser, CreateItem, createItem, signUpUser, unique } from "./support/fixtures";
import { readMetric, statementsPerPoolDuring, waitForMetric } from "./support/metrics";
import { deleteKeys, sharedRedisEnv } from "./support/redis";
import { type ReplicaCluster, startReplicaCluster } from "./support/replica-cluster";
import { type TestServer, startTestServer } from "./support/server";
import { TcpRelay } from "./support/tcp-relay";

const OutageCatalog = graphql(`
  query OutageCatalog { items(first: 5) { totalCount nodes { id } } }
`);

const queryTimeoutMs = 1_000;
/** Room for a loaded machine: the test asserts a bound, not a speed. */
const marginMs = 3_000;

/** Runs `read` and resolves to how long it took, in ms. */
async function timed(read: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await read();
  return Date.now() - started;
}

/** Tries a mutation every 100 ms for up to ~10 s: true once one succeeds. */
async function mutationsSucceedAgain(seller: TestUser): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await seller.client.request(CreateItem, { input: { sku: `UP-${unique()}`, name: "Up", priceCents: 1, stock: 1 } });
    if (response.errors === undefined) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

const pick = (body: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(keys.map((key) => [key, body[key]]));

/** With the primary gone and a replica in rotation, the instance still answers queries: it stays in the load balancer. */
async function assertServingWithoutPrimary(url: string): Promise<void> {
  const response = await fetch(`${url}/readyz`);
  assert.equal(response.status, 200);
  assert.deepEqual(pick(await response.json(), "status", "primary", "replicas"), { status: "degraded", primary: "down", replicas: undefined });
}

describe("a replica or primary that stops answering", () => {
  const redis = sharedRedisEnv();
  let cluster: ReplicaCluster;
  let relay: TcpRelay;
  let primaryRelay: TcpRelay;
  let api: TestServer;
  let seller: TestUser;
  let rotation: Record<string, string>;

  before(async () => {
    cluster = await startReplicaCluster();
    relay = await TcpRelay.start(cluster.replica.port);
    primaryRelay = await TcpRelay.start(cluster.primary.port);
    const env = {
      DATABASE_REPLICA_URLS: cluster.replica.url.replace(`:${cluster.replica.port}/`, `:${relay.port}/`),
      REPLICA_LAG_POLL_MS: "100",
      // Short, so a test can outlive what the role cache knew from before the outage.
      ROLE_CACHE_TTL_SECONDS: "1",
      DB_QUERY_TIMEOUT_MS: String(queryTimeoutMs),
      DB_STATEMENT_TIMEOUT_MS: "800",
      DB_CONNECT_TIMEOUT_MS: "1000",
      ...redis,
    };
    const primaryUrl = cluster.primary.url.replace(`:${cluster.primary.port}/`, `:${primaryRelay.port}/`);
    api = await startTestServer({ url: primaryUrl } as TestDatabase, env);
    rotation = { replica: `127.0.0.1:${relay.port}` };
    seller = await signUpUser(api.client, "Seller");
    await createItem(seller);
    await cluster.caughtUp();
    await waitForMetric(api.url, "skein_db_replica_in_rotation", rotation, 1);
  });
  after(async () => {
    await api?.stop();
    await relay?.stop();
    await primaryRelay?.stop();
    await cluster?.stop();
    await deleteKeys(redis);
  });

  it("answers every read from the primary within the query timeout while the replica is cut off, then takes the replica back", async (t) => {
    const warm = await statementsPerPoolDuring(api.url, () => api.client.data(OutageCatalog));
    assert.equal(warm.primary, 0, "reads go to the replica before the cut");

    relay.stall();
    const concurrent = await Promise.all(Array.from({ length: 4 }, () => timed(() => api.client.data(OutageCatalog))));
    const sequential: number[] = [];
    for (let i = 0; i < 4; i++) sequential.push(await timed(() => api.client.data(OutageCatalog)));
    const slowest = Math.max(...concurrent, ...sequential);
    t.diagnostic(`cut-off replica: concurrent reads took ${concurrent.join(", ")} ms; the ones after ${sequential.join(", ")} ms`);
    assert.ok(slowest < queryTimeoutMs + marginMs, `slowest read ${slowest} ms`);
    assert.equal(await readMetric(api.url, "skein_db_replica_in_rotation", rotation), 0);
    const during = await statementsPerPoolDuring(api.url, () => api.client.data(OutageCatalog));
    assert.ok(during.primary > 0 && during.replica === 0, "reads go straight to the primary while it is out");

    const resumedAt = Date.now();
    relay.resume();
    await waitForMetric(api.url, "skein_db_replica_in_rotation", rotation, 1);
    t.diagnostic(`back in rotation ${Date.now() - resumedAt} ms after the relay forwarded again`);
    const back = await statementsPerPoolDuring(api.url, () => api.client.data(OutageCatalog));
    assert.equal(back.primary, 0, "reads go to the replica again");
  });

  it("answers mutations with SERVICE_UNAVAILABLE within the timeouts while the primary is cut off, stays ready (degraded), and resumes with it", async (t) => {
    primaryRelay.stall();
    try {
      let mutation: Awaited<ReturnType<typeof seller.client.request>> | undefined;
      const mutationMs = await timed(async () => {
        mutation = await seller.client.request(CreateItem, { input: { sku: `CUT-${unique()}`, name: "Cut", priceCents: 1, stock: 1 } });
      });
      t.diagnostic(`a mutation with the primary cut off failed after ${mutationMs} ms`);
      assert.deepEqual(errorCodes(mutation!), ["SERVICE_UNAVAILABLE"]);
      // At worst: the transaction's first statement and its rollback each wait out the query timeout.
      assert.ok(mutationMs < 2 * queryTimeoutMs + marginMs, `took ${mutationMs} ms`);
      await assertServingWithoutPrimary(api.url);
      assert.ok((await api.client.data(OutageCatalog)).items.totalCount >= 1, "queries are answered from the replica");
    } finally {
      primaryRelay.resume();
    }
    assert.ok(await mutationsSucceedAgain(seller), "mutations succeed again, with no restart");
    assert.equal((await fetch(`${api.url}/readyz`)).status, 200);
  });

  it("answers mutations with SERVICE_UNAVAILABLE and queries from the replica while the primary is down, and resumes with it", async (t) => {
    await cluster.primary.stop();
    try {
      let mutation: Awaited<ReturnType<typeof seller.client.request>> | undefined;
      const mutationMs = await timed(async () => {
        mutation = await seller.client.request(CreateItem, { input: { sku: `DOWN-${unique()}`, name: "Down", priceCents: 1, stock: 1 } });
      });
      t.diagnostic(`a mutation with the primary down failed after ${mutationMs} ms`);
      assert.deepEqual(errorCodes(mutation!), ["SERVICE_UNAVAILABLE"]);
      assert.ok(mutationMs < 1_000 + queryTimeoutMs + marginMs);
      const { items } = await api.client.data(OutageCatalog);
      assert.ok(items.totalCount >= 1, "queries are answered from the replica");
      await assertServingWithoutPrimary(api.url);
    } finally {
      await cluster.primary.start();
    }
    assert.ok(await mutationsSucceedAgain(seller), "mutations succeed again, with no restart");
    assert.equal((await fetch(`${api.url}/readyz`)).status, 200);
  });

  it("answers a signed-in query from the replica and a signed-in mutation with SERVICE_UNAVAILABLE once the role cache has lapsed with the primary down", async () => {
    const buyer = await signUpUser(api.client, "Buyer");
    await cluster.caughtUp();
    await cluster.primary.stop();
    try {
      // Past ROLE_CACHE_TTL_SECONDS: the seller's role must be read again, and the buyer's never was.
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      for (const user of [seller, buyer]) {
        const read = await user.client.request(OutageCatalog);
        assert.deepEqual([read.status, errorCodes(read)], [200, []], user.email);
        assert.ok(read.data!.items.totalCount >= 1);
        const write = await user.client.request(CreateItem, { input: { sku: `ROLE-${unique()}`, name: "Role", priceCents: 1, stock: 1 } });
        assert.deepEqual([write.status, errorCodes(write)], [503, ["SERVICE_UNAVAILABLE"]], user.email);
      }
    } finally {
      await cluster.primary.start();
    }
    assert.ok(await mutationsSucceedAgain(seller), "mutations succeed again, with no restart");
  });

  it("reads from the primary, with no error, once the replica is stopped", async () => {
    await cluster.replica.stop();
    for (let i = 0; i < 3; i++) assert.ok((await api.client.data(OutageCatalog)).items.totalCount >= 1);
    await waitForMetric(api.url, "skein_db_replica_in_rotation", rotation, 0);
    const counts = await statementsPerPoolDuring(api.url, () => api.client.data(OutageCatalog));
    assert.equal(counts.replica, 0);
  });

  it("is not ready once no database answers: the replica out and the primary cut off", async () => {
    primaryRelay.stall();
    try {
      const response = await fetch(`${api.url}/readyz`);
      assert.equal(response.status, 503);
      assert.deepEqual(pick(await response.json(), "status", "primary", "replicas"), { status: "not ready", primary: "down", replicas: "down" });
    } finally {
      primaryRelay.resume();
    }
  });
});
