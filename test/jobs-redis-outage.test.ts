import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
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
