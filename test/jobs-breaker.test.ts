import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { signUpUser } from "./support/fixtures";
import { MyJobs, waitForFinalJob } from "./support/jobs";
import { readMetric } from "./support/metrics";
import { testQueuePrefix } from "./support/queue-prefix";
import { testRedisUrl } from "./support/redis";
import { type SmtpSink, startSmtpSink } from "./support/smtp-sink";
import { type TestServer, startTestServer } from "./support/server";

describe("the SMTP circuit breaker", () => {
  const redisKeys = testQueuePrefix();
  let database: TestDatabase;
  let server: TestServer;
  let sink: SmtpSink;

  before(async () => {
    database = await createTestDatabase();
    sink = await startSmtpSink();
    server = await startTestServer(database, {
      REDIS_URL: testRedisUrl(),
      JOBS_PREFIX: redisKeys.prefix,
      WORKER_IN_API: "true",
      SMTP_URL: sink.url,
      JOB_MAX_ATTEMPTS: "2",
      JOB_BACKOFF_MS: "50",
      SMTP_BREAKER_FAILURES: "1",
      SMTP_BREAKER_HALF_OPEN_MS: "1000",
    });
  });
  after(async () => {
    await server?.stop();
    await sink?.stop();
    await database?.drop();
    await redisKeys.remove();
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
