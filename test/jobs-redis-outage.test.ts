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
