import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { graphql } from "./__generated__";
import { errorCodes } from "./support/client";
import { type TestUser, signUpAdmin, signUpUser } from "./support/fixtures";
import { type JobsFixture, MyJobs, startJobsFixture, waitForFinalJob } from "./support/jobs";

const SendWelcomeEmailAgain = graphql(`
  mutation SendWelcomeEmailAgain($userId: ID!) { sendWelcomeEmail(userId: $userId) { id } }
`);

const RetryJob = graphql(`
  mutation RetryJob($id: ID!) { retryJob(id: $id) { id state attempts error } }
`);

describe("retryJob and the read-only queue dashboard (BullMQ on Redis, a real SMTP sink)", () => {
  let fixture: JobsFixture;
  let admin: TestUser;
  let user: TestUser;
  let failedJobId: string;

  before(async () => {
    fixture = await startJobsFixture({ JOB_BACKOFF_MS: "20", SMTP_BREAKER_FAILURES: "100" });
    admin = await signUpAdmin(fixture.server.client, fixture.database);
    user = await signUpUser(fixture.server.client);
    await waitForFinalJob(user.client, (await user.client.data(MyJobs, {})).jobs.nodes[0].id);
    fixture.sink.refuseNext(Infinity);
    try {
      failedJobId = (await user.client.data(SendWelcomeEmailAgain, { userId: user.id })).sendWelcomeEmail.id;
      assert.equal((await waitForFinalJob(user.client, failedJobId)).state, "FAILED");
    } finally {
      fixture.sink.refuseNext(0);
    }
  });
  after(async () => {
    await fixture?.stop();
  });

  it("refuses a retry from the dashboard: the queue entry stays failed, and so does the row", async () => {
    const dashboard = `${fixture.server.url}/admin/queues/api/queues/jobs`;
    const headers = { authorization: `Bearer ${admin.token}` };
    const entryStatus = async () => ((await (await fetch(`${dashboard}/job-${failedJobId}`, { headers })).json()) as { status: string }).status;
    // The row says FAILED a moment before BullMQ moves its entry to the failed set.
    while ((await entryStatus()) !== "failed") await sleep(25);
    const one = await fetch(`${dashboard}/job-${failedJobId}/retry`, { method: "PUT", headers });
    const all = await fetch(`${dashboard}/retry/failed`, { method: "PUT", headers });
    assert.deepEqual([one.status, all.status], [405, 405], "Bull Board's answer for a read-only queue");
    assert.equal(await entryStatus(), "failed");
    const job = await waitForFinalJob(user.client, failedJobId);
    assert.equal(job.state, "FAILED");
  });

  it("refuses a non-admin with FORBIDDEN, and a job that did not fail with BAD_USER_INPUT", async () => {
    assert.deepEqual(errorCodes(await user.client.request(RetryJob, { id: failedJobId })), ["FORBIDDEN"]);
    const completed = (await user.client.data(MyJobs, { state: "COMPLETED" })).jobs.nodes[0].id;
    assert.deepEqual(errorCodes(await admin.client.request(RetryJob, { id: completed })), ["BAD_USER_INPUT"]);
    assert.deepEqual(errorCodes(await admin.client.request(RetryJob, { id: "999999999" })), ["NOT_FOUND"]);
  });

  it("runs a FAILED job retried by an admin again, from its first attempt, to COMPLETED with one email", async () => {
    const before = fixture.sink.received.length;
    const { retryJob } = await admin.client.data(RetryJob, { id: failedJobId });
    assert.deepEqual(retryJob, { id: failedJobId, state: "QUEUED", attempts: 0, error: null });
    const job = await waitForFinalJob(user.client, failedJobId);
    assert.equal(job.state, "COMPLETED");
    assert.equal(job.attempts, 1);
    await fixture.sink.waitForMessages(before + 1);
    assert.deepEqual(fixture.sink.received.at(-1)?.to, [user.email]);
    assert.deepEqual(errorCodes(await admin.client.request(RetryJob, { id: failedJobId })), ["BAD_USER_INPUT"], "retried once, it is COMPLETED now");
  });
});
