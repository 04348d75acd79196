// The primary's stable address (a relay here; DNS, a virtual IP, PgBouncer or HAProxy in production) moves to a
// promoted replica (README, "Failover").
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { graphql } from "./__generated__";
import { errorCodes } from "./support/client";
import { type TestDatabase } from "./support/database";
import { SignUp, type TestUser, signUpUser, unique } from "./support/fixtures";
import { testQueuePrefix } from "./support/queue-prefix";
import { deleteKeys, sharedRedisEnv } from "./support/redis";
import { type ReplicaCluster, type TestPostgres, startReplicaCluster } from "./support/replica-cluster";
import { RequestLoop } from "./support/request-loop";
import { type TestServer, startTestServer } from "./support/server";
import { type SmtpSink, startSmtpSink } from "./support/smtp-sink";
import { TcpRelay } from "./support/tcp-relay";

const PromotionItems = graphql(`
  query PromotionItems { items(first: 5) { nodes { id sku } } }
`);

const PromotionItem = graphql(`
  mutation PromotionItem($input: CreateItemInput!) { createItem(input: $input) { id } }
`);

const newItem = () => ({ input: { sku: `PROMO-${unique()}`, name: "Promoted", priceCents: 100, stock: 1 } });

const connectTimeoutMs = 2_000;
const readyz = async (server: TestServer) => (await fetch(`${server.url}/readyz`)).status;

/** The welcome jobs of the sign-ups during the failover on `server` by state, once none of theirs nor the seller's is left to run (or after `timeoutMs`). */
async function settledWelcomeJobs(server: TestPostgres, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await server.query<{ state: string; jobs: number; attempts: number }>(
      `select j.state, count(*)::int as jobs, sum(j.attempts)::int as attempts
       from jobs j join users u on u.id = j.owner_id where j.kind = 'WELCOME_EMAIL' and u.email like 'promoted-%' group by j.state`,
    );
    const [{ unfinished }] = await server.query<{ unfinished: number }>("select count(*)::int as unfinished from jobs where state not in ('COMPLETED', 'FAILED', 'CANCELLED')");
    if (unfinished === 0 || Date.now() > deadline) return rows;
    await sleep(200);
  }
}

describe("the primary's address moves to a promoted replica", () => {
  const redis = sharedRedisEnv();
  const queues = testQueuePrefix();
  let cluster: ReplicaCluster;
  let relay: TcpRelay;
  let env: Record<string, string>;
  let sink: SmtpSink;

  before(async () => {
    [cluster, sink] = await Promise.all([startReplicaCluster(), startSmtpSink()]);
    relay = await TcpRelay.start(cluster.primary.port);
    env = {
      ...redis,
      JOBS_PREFIX: queues.prefix,
      WORKER_IN_API: "false",
      DB_CONNECT_TIMEOUT_MS: String(connectTimeoutMs),
      DB_STATEMENT_TIMEOUT_MS: "2500",
      DB_QUERY_TIMEOUT_MS: "3000",
      REPLICA_LAG_POLL_MS: "100",
    };
  });
  after(async () => {
    await relay?.stop();
    await cluster?.stop();
    await sink?.stop();
    await queues.remove();
    await deleteKeys(redis);
  });

  it("writes nothing through an address that leads to a standby: SERVICE_UNAVAILABLE, and /readyz says not ready", async () => {
    const onStandby = await startTestServer({ url: cluster.replica.url } as TestDatabase, env);
    try {
      const email = `standby-${unique()}@example.com`;
      const signUp = await onStandby.client.request(SignUp, { input: { name: "Nobody", email, password: "long enough" } });
      assert.deepEqual(errorCodes(signUp), ["SERVICE_UNAVAILABLE"]);
      assert.equal(await readyz(onStandby), 503);
      assert.deepEqual(await cluster.primary.query("select id from users where email = $1", [email]), []);
    } finally {
      await onStandby.stop();
    }
  });

  it("fails requests only during the switch, is ready again after it, and reads with a position from before it answer", async (t) => {
    const relayUrl = `postgres://postgres@127.0.0.1:${relay.port}/skein`;
    // The API runs the welcome jobs too: their rows (start, completion) go through the same address.
    const server = await startTestServer({ url: relayUrl } as TestDatabase, {
      ...env,
      DATABASE_REPLICA_URLS: cluster.replica.url,
      WORKER_IN_API: "true",
      SMTP_URL: sink.url,
      JOB_DISPATCH_POLL_MS: "300",
      // A claim the promoted server has without the run that followed it lapses soon, and the job runs again.
      JOB_DISPATCH_LEASE_MS: "2000",
    });
    try {
      const seller: TestUser = await signUpUser(server.client, "Seller");
      let sellerWelcome: { id: string } | undefined;
      while (!sellerWelcome) {
        [sellerWelcome] = await cluster.primary.query<{ id: string }>("select id from jobs where owner_id = $1 and state = 'COMPLETED'", [seller.id]);
        await sleep(50);
      }
      const before = await seller.client.request(PromotionItem, newItem());
      const positionBefore = before.headers.get("x-read-after");
      assert.ok(positionBefore, "a write through the replica-aware API hands out its position");
      await cluster.caughtUp();

      const failedWith = new Set<unknown>();
      // Each acknowledged write's item id and when its answer came.
      const written = new Map<string, number>();
      const writes = new RequestLoop(async () => {
        const response = await seller.client.request(PromotionItem, newItem());
        for (const code of errorCodes(response)) failedWith.add(code);
        if (response.data?.createItem) written.set(response.data.createItem.id, Date.now());
        return response.status === 200 && !response.errors;
      }, 2);
      const reads = new RequestLoop(async () => {
        const response = await server.client.request(PromotionItems);
        return response.status === 200 && !response.errors;
      }, 2);
      const signUps = new RequestLoop(async () => {
        const input = { name: "Promoted", email: `promoted-${unique()}@example.com`, password: "correct horse battery" };
        const response = await server.client.request(SignUp, { input });
        for (const code of errorCodes(response)) failedWith.add(code);
        return response.status === 200 && !response.errors;
      }, 2);
      const ready = new RequestLoop(async () => (await readyz(server)) === 200, 1);
      await sleep(1_000);
      await cluster.replica.promote();
      // As if the old primary had taken the seller's welcome job's start and completion after the promotion:
      // the promoted server has it dispatched and QUEUED, while BullMQ holds its finished run.
      await cluster.replica.query("update jobs set state = 'QUEUED', attempts = 0, progress = 0, finished_at = null where id = $1", [sellerWelcome.id]);
      relay.switchTo(cluster.replica.port);
      const switchedAt = Date.now();
      cluster.primary.kill();
      // Long enough for the pools to find every dead connection and open new ones.
      await sleep(connectTimeoutMs + 3_000);
      await Promise.all([writes.stop(), reads.stop(), signUps.stop(), ready.stop()]);

      for (const loop of [writes, reads, signUps, ready]) {
        const late = loop.outcomes.filter((outcome) => !outcome.ok && outcome.at > switchedAt + connectTimeoutMs + 2_000);
        assert.deepEqual(late, [], "nothing fails once the switch is a few seconds old");
        assert.ok(loop.outcomes.at(-1)?.ok);
      }
      assert.ok([...failedWith].every((code) => code === "SERVICE_UNAVAILABLE"), `writes failed with ${[...failedWith].join(", ")}`);
      assert.equal(await readyz(server), 200);
      const { createItem: item } = await seller.client.data(PromotionItem, newItem());
      assert.equal((await cluster.replica.query("select id from items where id = $1", [item.id])).length, 1, "the write is on the promoted server");
      // A position from before the promotion, and one the new primary may never reach (writes the promotion lost).
      const beyond = `${(parseInt(positionBefore.split("/")[0], 16) + 1).toString(16).toUpperCase()}/0`;
      for (const position of [positionBefore, beyond]) {
        const response = await seller.client.request(PromotionItems, undefined, { "x-read-after": position });
        assert.deepEqual([response.status, response.errors], [200, undefined]);
      }
      // Acknowledged by the old primary after the promotion, before it died: its own timeline, gone with it.
      const kept = await cluster.replica.query<{ id: string }>("select id::text from items where id = any($1::bigint[])", [[...written.keys()]]);
      // The first write acknowledged after the switch that the promoted server has (not one the old primary took).
      const keptAfterSwitch = kept.map((row) => written.get(row.id)! - switchedAt).filter((ms) => ms >= 0);

      // Every sign-up the promoted server has: its welcome job COMPLETED and its email sent.
      const users = await cluster.replica.query<{ email: string }>("select email from users where email like 'promoted-%'");
      const jobs = await settledWelcomeJobs(cluster.replica);
      const completed = jobs.find((row) => row.state === "COMPLETED");
      const [sellerJob] = await cluster.replica.query("select state, attempts from jobs where id = $1", [sellerWelcome.id]);
      assert.deepEqual(sellerJob, { state: "COMPLETED", attempts: 1 }, "the job whose run the promotion lost ran again");
      assert.deepEqual(jobs.map((row) => row.state), ["COMPLETED"], `every welcome job COMPLETED: ${JSON.stringify(jobs)}`);
      assert.equal(completed?.jobs, users.length, "one welcome job per sign-up");
      await sink.waitForMessages(users.length);
      // The first welcome job made after the switch to finish: when jobs ran again.
      const [{ firstJobDoneMs }] = await cluster.replica.query<{ firstJobDoneMs: number }>(
        `select (extract(epoch from min(finished_at)) * 1000 - $1)::int as "firstJobDoneMs" from jobs where created_at > to_timestamp($1 / 1000.0)`,
        [switchedAt],
      );
      const sent = sink.received.flatMap((mail) => mail.to).filter((to) => to.startsWith("promoted-"));
      const keptEmails = new Set(users.map((user) => user.email));
      assert.deepEqual([...keptEmails].filter((email) => !sent.includes(email)), [], "each kept sign-up's email arrived");
      t.diagnostic(
        JSON.stringify({
          writesLost: written.size - kept.length,
          writes: { ok: writes.successes, failed: writes.failures, failedWindowMs: writes.failedWindowMs, firstOkAfterSwitchMs: writes.firstSuccessAfter(switchedAt), firstKeptAfterSwitchMs: keptAfterSwitch.length > 0 ? Math.min(...keptAfterSwitch) : null },
          reads: { ok: reads.successes, failed: reads.failures, failedWindowMs: reads.failedWindowMs },
          signUps: { ok: signUps.successes, failed: signUps.failures, failedWindowMs: signUps.failedWindowMs, firstOkAfterSwitchMs: signUps.firstSuccessAfter(switchedAt), kept: users.length },
          jobs: { completed: completed?.jobs, started: completed?.attempts, firstDoneAfterSwitchMs: firstJobDoneMs },
          // Duplicated: a kept sign-up's email sent twice; for lost sign-ups: sent to a sign-up only the old primary had.
          emails: { sent: sent.length, duplicated: sent.length - new Set(sent).size, forLostSignUps: sent.filter((email) => !keptEmails.has(email)).length },
          readyz: { notReady: ready.failures, notReadyWindowMs: ready.failedWindowMs },
        }),
      );
    } finally {
      await server.stop();
    }
  });
});
