import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { graphql } from "./__generated__";
import { signUpUser } from "./support/fixtures";
import { type JobsFixture, MyJobs, waitForFinalJob, startJobsFixture } from "./support/jobs";
import { readMetric } from "./support/metrics";
import { type SmtpSink } from "./support/smtp-sink";
import { subscribe, wsClient } from "./support/subscriptions";
import { type TestServer } from "./support/server";

const SendWelcomeEmail = graphql(`
  mutation SendWelcomeEmail($userId: ID!) { sendWelcomeEmail(userId: $userId) { id state } }
`);

const MyJobUpdated = graphql(`
  subscription MyJobUpdated { myJobUpdated { id kind state progress attempts } }
`);

describe("welcome emails (API with an in-process worker, BullMQ on Redis, a real SMTP sink)", () => {
  let fixture: JobsFixture;
  let server: TestServer;
  let sink: SmtpSink;

  before(async () => {
    fixture = await startJobsFixture({
      JOB_BACKOFF_MS: "50",
      SMTP_BREAKER_FAILURES: "3",
      SMTP_BREAKER_HALF_OPEN_MS: "600000",
    });
    ({ sink, server } = fixture);
  });
  after(async () => {
    await fixture?.stop();
  });

  it("sends exactly one email after signUp, and the job ends COMPLETED", async (t) => {
    const startedAt = performance.now();
    const user = await signUpUser(server.client);
    const { jobs } = await user.client.data(MyJobs, {});
    assert.equal(jobs.totalCount, 1);
    const job = await waitForFinalJob(user.client, jobs.nodes[0].id);
    t.diagnostic(`signUp to COMPLETED: ${Math.round(performance.now() - startedAt)} ms`);
    assert.equal(job.state, "COMPLETED");
    assert.equal(job.kind, "WELCOME_EMAIL");
    assert.equal(job.attempts, 1);
    await sink.waitForMessages(1);
    assert.deepEqual(sink.received.map((mail) => mail.to), [[user.email]]);
  });

  it("retries a refused send: RETRYING, RETRYING, COMPLETED, one email, 3 attempts, counted in the row", async () => {
    const user = await signUpUser(server.client);
    await waitForFinalJob(user.client, (await user.client.data(MyJobs, {})).jobs.nodes[0].id);
    const client = wsClient(server.url, user.token);
    try {
      const updates = subscribe(client, MyJobUpdated, {});
      // A first job seen to the end proves the subscription is live before the one under test starts.
      const warmUp = (await user.client.data(SendWelcomeEmail, { userId: user.id })).sendWelcomeEmail;
      await updates.waitFor((result) => result.data?.myJobUpdated.id === warmUp.id && result.data.myJobUpdated.state === "COMPLETED");
      const before = (await sink.waitForMessages(3)).length;
      sink.refuseNext(2);
      const { sendWelcomeEmail } = await user.client.data(SendWelcomeEmail, { userId: user.id });
      await updates.waitFor((result) => result.data?.myJobUpdated.id === sendWelcomeEmail.id && result.data.myJobUpdated.state === "COMPLETED");
      const states = updates.results
        .map((result) => result.data!.myJobUpdated)
        .filter((job) => job.id === sendWelcomeEmail.id && job.state !== "QUEUED")
        .map((job) => job.state);
      assert.deepEqual(states, ["ACTIVE", "RETRYING", "ACTIVE", "RETRYING", "ACTIVE", "COMPLETED"]);
      const job = await waitForFinalJob(user.client, sendWelcomeEmail.id);
      assert.equal(job.attempts, 3);
      const [row] = await fixture.database.query<{ attempts: number }>("select attempts from jobs where id = $1", [sendWelcomeEmail.id]);
      assert.equal(row.attempts, job.attempts, "the row is the one record of attempts, and the client reads it");
      assert.equal(sink.received.length, before + 1, "exactly one more email arrived");
      assert.deepEqual(sink.received.at(-1)?.to, [user.email]);
    } finally {
      await client.dispose();
    }
  });

  it("fails after maxAttempts with a readable error when SMTP always refuses, and opens the breaker", async () => {
    const user = await signUpUser(server.client);
    await waitForFinalJob(user.client, (await user.client.data(MyJobs, {})).jobs.nodes[0].id);
    const before = sink.received.length;
    sink.refuseNext(Infinity);
    try {
      const { sendWelcomeEmail } = await user.client.data(SendWelcomeEmail, { userId: user.id });
      const job = await waitForFinalJob(user.client, sendWelcomeEmail.id);
      assert.equal(job.state, "FAILED");
      assert.equal(job.attempts, job.maxAttempts);
      assert.equal(job.maxAttempts, 3);
      assert.match(job.error ?? "", /451|try again later/i);
      assert.equal(sink.received.length, before);
      assert.equal(await readMetric(server.url, "skein_smtp_circuit_open"), 1);
    } finally {
      sink.refuseNext(0);
    }
  });
});
