import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { signUpUser, unique } from "./support/fixtures";
import { MyJobs, waitForFinalJob } from "./support/jobs";
import { type PrivateRedis, startPrivateRedis } from "./support/private-redis";
import { type SmtpSink, startSmtpSink } from "./support/smtp-sink";
import { type TestServer, startTestServer } from "./support/server";

describe("a Redis outage while a job is started", () => {
  let database: TestDatabase;
  let sink: SmtpSink;
  let redis: PrivateRedis;
  let server: TestServer;

  before(async () => {
    database = await createTestDatabase();
    sink = await startSmtpSink();
    redis = await startPrivateRedis();
    server = await startTestServer(database, {
      REDIS_URL: redis.url,
      JOBS_PREFIX: `test-${unique()}`,
      WORKER_IN_API: "true",
      SMTP_URL: sink.url,
      JOB_DISPATCH_POLL_MS: "200",
    });
  });
  after(async () => {
    await redis?.start().catch(() => undefined);
    await server?.stop();
    await redis?.stop();
    await sink?.stop();
    await database?.drop();
  });

  it("commits signUp while Redis is down and sends the welcome email once Redis is back", async () => {
    await redis.stop();
    const user = await signUpUser(server.client);
    const { jobs } = await user.client.data(MyJobs, {});
    assert.deepEqual(jobs.nodes.map((job) => job.state), ["QUEUED"]);
    const [row] = await database.query("select dispatched_at from jobs where id = $1", [jobs.nodes[0].id]);
    assert.equal(row.dispatched_at, null, "still in the outbox: Redis could not take it");

    await redis.start();
    const job = await waitForFinalJob(user.client, jobs.nodes[0].id);
    assert.equal(job.state, "COMPLETED");
    await sink.waitForMessages(1);
    assert.deepEqual(sink.received.map((mail) => mail.to), [[user.email]]);
  });
});
