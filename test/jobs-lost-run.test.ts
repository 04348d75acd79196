// A run BullMQ finished but the job's row never recorded: its start or completion went to a primary that a
// failover lost (test/failover-postgres.test.ts met it). The row is the record, so the job runs again.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type TestUser, signUpUser } from "./support/fixtures";
import { captureLogs } from "./support/logs";
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

/** A welcome job whose row is put back in the outbox, as `requeued` says, while its run waits on the SMTP sink. */
async function handedBackDuringItsRun(fixture: JobsFixture, requeued: string) {
  const held = fixture.sink.holdNext();
  const user = await signUpUser(fixture.server.client);
  const [{ id: jobId }] = await fixture.database.query<{ id: string }>("select id from jobs where owner_id = $1 and kind = 'WELCOME_EMAIL'", [user.id]);
  const accept = await held;
  await fixture.database.query(`update jobs set ${requeued}, dispatched_at = null, dispatch_claimed_until = '-infinity' where id = $1`, [jobId]);
  // The dispatcher has looked at it.
  while ((await fixture.database.query("select 1 from jobs where id = $1 and dispatch_claimed_until = '-infinity'", [jobId])).length > 0) await sleep(20);
  accept();
  return { user, jobId };
}

describe("a job handed to the dispatcher again while its run is still in progress (a promotion during the run)", () => {
  let fixture: JobsFixture;
  const logs = captureLogs();

  before(async () => {
    fixture = await startJobsFixture({ JOB_DISPATCH_POLL_MS: "200", JOB_DISPATCH_LEASE_MS: "1000", LOG_LEVEL: "info" }, { logTo: logs.stream });
  });
  after(() => fixture?.stop());

  it("runs again when that run ends without the row recording it", { timeout: 20_000 }, async () => {
    // What the promoted server has while the run goes on writing to the old primary: the row as it was when
    // dispatched, put back in the outbox by the failover requeue (JobTransitions.requeueAfterPrimaryFailover).
    // The run's completion then finds the row QUEUED and changes nothing, as when it went to the lost primary.
    const { user, jobId } = await handedBackDuringItsRun(fixture, "state = 'QUEUED', attempts = 0");
    const job = await waitForFinalJob(user.client, jobId);
    assert.deepEqual([job.state, job.attempts], ["COMPLETED", 1]);
    await fixture.sink.waitForMessages(2);
    assert.deepEqual(fixture.sink.received.map((mail) => mail.to), [[user.email], [user.email]], "the row never recorded the first email");
  });

  it("leaves the outbox without another run when that run completes the row", { timeout: 20_000 }, async () => {
    const sentBefore = fixture.sink.received.length;
    // A live run on the promoted server: its row ACTIVE, which the requeue puts back too.
    const { user, jobId } = await handedBackDuringItsRun(fixture, "state = 'ACTIVE'");
    const job = await waitForFinalJob(user.client, jobId);
    assert.deepEqual([job.state, job.attempts], ["COMPLETED", 1]);
    while ((await fixture.database.query("select 1 from jobs where id = $1 and dispatched_at is null", [jobId])).length > 0) await sleep(50);
    assert.deepEqual(fixture.sink.received.slice(sentBefore).map((mail) => mail.to), [[user.email]]);
    const ranAgain = logs.lines.filter((line) => line.jobId === Number(jobId) && /running it again/.test(String(line.msg)));
    assert.deepEqual(ranAgain, [], "no second run was asked for");
  });
});
