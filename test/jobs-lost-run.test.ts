// A run BullMQ finished but the job's row never recorded: its start or completion went to a primary that a
// failover lost (test/failover-postgres.test.ts met it). The row is the record, so the job runs again.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type TestUser, signUpUser } from "./support/fixtures";
import { type JobsFixture, startJobsFixture, waitForFinalJob } from "./support/jobs";

/** The user's welcome job, once its first run finished and sent its email. */
async function completedWelcome(fixture: JobsFixture): Promise<{ user: TestUser; jobId: string }> {
  const user = await signUpUser(fixture.server.client);
  const [{ id }] = await fixture.database.query<{ id: string }>("select id from jobs where owner_id = $1 and kind = 'WELCOME_EMAIL'", [user.id]);
  assert.equal((await waitForFinalJob(user.client, id)).state, "COMPLETED");
  await fixture.sink.waitForMessages(1);
  return { user, jobId: id };
}

describe("a job whose row lost its run and whose claim lapsed (a promoted primary had the claim, not the rest)", () => {
  let fixture: JobsFixture;

  before(async () => {
    fixture = await startJobsFixture({ JOB_DISPATCH_POLL_MS: "200" });
  });
  after(() => fixture?.stop());

  it("runs again once its claim lapses, though BullMQ holds its finished entry", { timeout: 20_000 }, async () => {
    const { user, jobId } = await completedWelcome(fixture);
    await fixture.database.query(
      `update jobs set state = 'QUEUED', attempts = 0, progress = 0, finished_at = null, dispatched_at = null,
       dispatch_claimed_until = now() - interval '1 second' where id = $1`,
      [jobId],
    );
    const job = await waitForFinalJob(user.client, jobId);
    assert.deepEqual([job.state, job.attempts], ["COMPLETED", 1]);
    await fixture.sink.waitForMessages(2);
    assert.deepEqual(fixture.sink.received.map((mail) => mail.to), [[user.email], [user.email]], "the row never recorded the first email");
  });
});

describe("a job whose row lost its completion (ACTIVE, dispatched, unchanged since)", () => {
  let fixture: JobsFixture;

  before(async () => {
    fixture = await startJobsFixture({ JOB_DISPATCH_POLL_MS: "200", JOB_REQUEUE_AFTER_SECONDS: "1", MAINTENANCE_EVERY_MS: "200" });
  });
  after(() => fixture?.stop());

  it("is requeued by the stale-job sweep and runs again, though BullMQ holds its finished entry", { timeout: 20_000 }, async () => {
    const { user, jobId } = await completedWelcome(fixture);
    await fixture.database.query(
      `update jobs set state = 'ACTIVE', finished_at = null, updated_at = now() - interval '1 hour' where id = $1`,
      [jobId],
    );
    const job = await waitForFinalJob(user.client, jobId);
    assert.deepEqual([job.state, job.attempts], ["COMPLETED", 2]);
    await fixture.sink.waitForMessages(2);
    assert.deepEqual(fixture.sink.received.map((mail) => mail.to), [[user.email], [user.email]]);
  });
});
