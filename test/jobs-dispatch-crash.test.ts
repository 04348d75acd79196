import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { graphql } from "./__generated__";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { type TestUser, signUpUser } from "./support/fixtures";
import { waitForFinalJob } from "./support/jobs";
import { testQueuePrefix } from "./support/queue-prefix";
import { testRedisUrl } from "./support/redis";
import { type ServerProcess, type SkeinProcess, spawnServer, spawnWorker } from "./support/server-process";
import { type SmtpSink, startSmtpSink } from "./support/smtp-sink";
import { TcpRelay } from "./support/tcp-relay";

const SendWelcomeEmail = graphql(`
  mutation SendWelcomeEmail($userId: ID!) { sendWelcomeEmail(userId: $userId) { id state } }
`);

type Claim = { claimed: boolean; dispatched: boolean };

describe("a dispatcher killed after claiming a job and before Redis took it", () => {
  const queueKeys = testQueuePrefix();
  let database: TestDatabase;
  let sink: SmtpSink;
  let relay: TcpRelay;
  let api: ServerProcess;
  let env: Record<string, string>;
  const workers: SkeinProcess[] = [];
  let user: TestUser;

  const claimOf = async (jobId: string): Promise<Claim> => {
    const [row] = await database.query<Claim>(
      `select dispatch_claimed_until is not null as claimed, dispatched_at is not null as dispatched from jobs where id = $1`,
      [jobId],
    );
    return row;
  };

  before(async () => {
    database = await createTestDatabase();
    sink = await startSmtpSink();
    relay = await TcpRelay.start(Number(new URL(testRedisUrl()).port || 6379));
    env = {
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      JOBS_PREFIX: queueKeys.prefix,
      WORKER_IN_API: "false",
      SMTP_URL: sink.url,
      JOB_DISPATCH_POLL_MS: "200",
      JOB_DISPATCH_LEASE_MS: "1000",
    };
    api = await spawnServer(database.url, { env });
    user = await signUpUser(api.client);
  });
  after(async () => {
    for (const worker of workers) await worker.kill();
    await api?.kill();
    relay?.resume();
    await relay?.stop();
    await sink?.stop();
    await database?.drop();
    await queueKeys.remove();
  });

  it("leaves the claim to lapse, and another worker sends the email exactly once", async () => {
    // The first worker reaches Redis through a relay that goes silent: its enqueue hangs after the claim committed.
    const doomed = await spawnWorker({ ...env, REDIS_URL: `redis://127.0.0.1:${relay.port}` });
    workers.push(doomed);
    await sink.waitForMessages(1); // signUp's welcome email: this worker dispatches and runs jobs
    relay.stall();
    const { sendWelcomeEmail: job } = await user.client.data(SendWelcomeEmail, { userId: user.id });
    while (!(await claimOf(job.id)).claimed) await sleep(20);
    await doomed.stop("SIGKILL");
    assert.deepEqual(await claimOf(job.id), { claimed: true, dispatched: false }, "claimed and committed, never enqueued");

    workers.push(await spawnWorker(env));
    const finished = await waitForFinalJob(user.client, job.id);
    assert.equal(finished.state, "COMPLETED");
    assert.equal(finished.attempts, 1);
    assert.deepEqual(await claimOf(job.id), { claimed: false, dispatched: true });
    await sleep(500); // a duplicate would arrive now
    assert.deepEqual(sink.received.map((mail) => mail.to), [[user.email], [user.email]], "signUp's email and this one, each once");
  });
});
