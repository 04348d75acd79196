import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue } from "bullmq";
import { queueNames } from "../src/modules/jobs/job.kinds";
import { bullJobId } from "../src/modules/jobs/queues";
import { signUpUser } from "./support/fixtures";
import { type JobsFixture, MyJobs, startJobsOnPrivateRedis, waitForFinalJob } from "./support/jobs";
import { type PrivateRedis } from "./support/redis";

describe("a Redis outage while a job is started", () => {
  let fixture: JobsFixture & { redis: PrivateRedis };

  before(async () => {
    fixture = await startJobsOnPrivateRedis({ JOB_DISPATCH_POLL_MS: "200" });
  });
  after(() => fixture?.stop());

  it("commits signUp while Redis is down and sends the welcome email once Redis is back", async () => {
    await fixture.redis.stop();
    const user = await signUpUser(fixture.server.client);
    const { jobs } = await user.client.data(MyJobs, {});
    assert.deepEqual(jobs.nodes.map((job) => job.state), ["QUEUED"]);
    const [row] = await fixture.database.query("select dispatched_at from jobs where id = $1", [jobs.nodes[0].id]);
    assert.equal(row.dispatched_at, null, "still in the outbox: Redis could not take it");

    await fixture.redis.start();
    const job = await waitForFinalJob(user.client, jobs.nodes[0].id);
    assert.equal(job.state, "COMPLETED");
    await fixture.sink.waitForMessages(1);
    assert.deepEqual(fixture.sink.received.map((mail) => mail.to), [[user.email]]);
  });
});

describe("a Redis that comes back without the queue entries it had (a failover to a replica that lacked them)", () => {
  let fixture: JobsFixture & { redis: PrivateRedis };

  before(async () => {
    fixture = await startJobsOnPrivateRedis({ JOB_DISPATCH_POLL_MS: "200" });
  });
  after(() => fixture?.stop());

  it("queues a dispatched job again as soon as Redis is back, not JOB_REQUEUE_AFTER_SECONDS later, and it runs once", { timeout: 20_000 }, async () => {
    const user = await signUpUser(fixture.server.client);
    await fixture.sink.waitForMessages(1);
    // Dispatched a moment ago: its queue entry is in the Redis that is about to lose everything.
    const [{ id }] = await fixture.database.query<{ id: string }>(
      `insert into jobs (kind, owner_id, max_attempts, payload, dispatched_at) values ('WELCOME_EMAIL', $1, 3, jsonb_build_object('userId', $1::bigint), now()) returning id`,
      [user.id],
    );
    await fixture.redis.stop();
    await fixture.redis.start(); // empty

    const job = await waitForFinalJob(user.client, id);
    assert.equal(job.state, "COMPLETED");
    await fixture.sink.waitForMessages(2);
    assert.deepEqual(fixture.sink.received.map((mail) => mail.to), [[user.email], [user.email]]);
  });
});

describe("a Redis that comes back with a queue entry whose run it forgot (a failover lost the completion)", () => {
  let fixture: JobsFixture & { redis: PrivateRedis };

  before(async () => {
    fixture = await startJobsOnPrivateRedis({ JOB_DISPATCH_POLL_MS: "200" });
  });
  after(() => fixture?.stop());

  /** Puts `rowId`'s entry on the jobs queue again, as the promoted replica had it, and waits until a worker took it off. */
  async function offerAgain(rowId: string): Promise<string> {
    const queue = new Queue(queueNames.jobs, { connection: { host: "127.0.0.1", port: fixture.redis.port }, prefix: fixture.queuePrefix });
    try {
      await queue.add("WELCOME_EMAIL", {}, { jobId: bullJobId(Number(rowId)) });
      for (let attempt = 0; attempt < 200; attempt++) {
        const state = await queue.getJobState(bullJobId(Number(rowId)));
        if (state === "completed" || state === "failed") return state;
        await sleep(50);
      }
      throw new Error(`job ${rowId} was never taken off the queue`);
    } finally {
      await queue.close();
    }
  }

  it("acknowledges a COMPLETED or CANCELLED row's entry without running it: no second email, the row unchanged", { timeout: 30_000 }, async () => {
    const user = await signUpUser(fixture.server.client);
    await fixture.sink.waitForMessages(1);
    const [welcome] = await fixture.database.query<{ id: string }>("select id from jobs where owner_id = $1 and kind = 'WELCOME_EMAIL'", [user.id]);
    const [cancelled] = await fixture.database.query<{ id: string }>(
      `insert into jobs (kind, owner_id, max_attempts, payload, state, dispatched_at, finished_at)
       values ('WELCOME_EMAIL', $1, 3, jsonb_build_object('userId', $1::bigint), 'CANCELLED', now(), now()) returning id`,
      [user.id],
    );
    const rowsBefore = await fixture.database.query("select id, state, attempts, version from jobs where owner_id = $1 order by id", [user.id]);
    // The new master lacks the completion (and everything else); the entry the old one replicated comes back.
    await fixture.redis.stop("SIGKILL");
    await fixture.redis.start();

    assert.equal(await offerAgain(welcome.id), "completed", "the COMPLETED row's entry is acknowledged");
    assert.equal(await offerAgain(cancelled.id), "completed", "the CANCELLED row's entry is acknowledged");
    assert.deepEqual(await fixture.database.query("select id, state, attempts, version from jobs where owner_id = $1 order by id", [user.id]), rowsBefore);
    // Time for a second email to arrive, if one were (wrongly) sent.
    await sleep(500);
    assert.deepEqual(fixture.sink.received.map((mail) => mail.to), [[user.email]]);
  });
});
