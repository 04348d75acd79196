import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { signUpUser } from "./support/fixtures";
import { type JobsFixture, MyJobs, waitForFinalJob, startJobsFixture } from "./support/jobs";

/** Far longer than the test may take (see its timeout): a job that runs was dispatched because the bell woke the dispatcher, not by the poll. */
const pollOutOfReachMs = 3_600_000;

describe("the outbox bell (Redis pub/sub) wakes the dispatcher after the commit", () => {
  let fixture: JobsFixture;

  before(async () => {
    fixture = await startJobsFixture({ JOB_DISPATCH_POLL_MS: String(pollOutOfReachMs) });
  });
  after(async () => {
    await fixture?.stop();
  });

  it("runs jobs started after the dispatcher's first pass without waiting for its poll", { timeout: 60_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      const user = await signUpUser(fixture.server.client);
      const { jobs } = await user.client.data(MyJobs, {});
      assert.equal((await waitForFinalJob(user.client, jobs.nodes[0].id)).state, "COMPLETED");
    }
  });
});
