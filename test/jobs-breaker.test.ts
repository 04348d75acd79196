import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { signUpUser } from "./support/fixtures";
import { type JobsFixture, MyJobs, waitForFinalJob, startJobsFixture } from "./support/jobs";
import { readMetric } from "./support/metrics";
import { type SmtpSink } from "./support/smtp-sink";
import { type TestServer } from "./support/server";

describe("the SMTP circuit breaker", () => {
  let fixture: JobsFixture;
  let server: TestServer;
  let sink: SmtpSink;

  before(async () => {
    fixture = await startJobsFixture({
      JOB_MAX_ATTEMPTS: "2",
      JOB_BACKOFF_MS: "50",
      SMTP_BREAKER_FAILURES: "1",
      SMTP_BREAKER_HALF_OPEN_MS: "1000",
    });
    ({ sink, server } = fixture);
  });
  after(async () => {
    await fixture?.stop();
  });

  it("holds a job while it is open instead of spending its last attempt, then sends once the provider answers", async () => {
    sink.refuseNext(1);
    const user = await signUpUser(server.client);
    const { jobs } = await user.client.data(MyJobs, {});
    const job = await waitForFinalJob(user.client, jobs.nodes[0].id);
    assert.equal(job.state, "COMPLETED", `ended ${job.state}: ${job.error}`);
    assert.equal(job.attempts, 2, "the refused try and the one that sent; the wait is not an attempt");
    assert.deepEqual(sink.received.map((mail) => mail.to), [[user.email]]);
    assert.equal(await readMetric(server.url, "skein_smtp_circuit_open"), 0, "closed again after the successful send");
  });
});
