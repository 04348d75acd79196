import { setTimeout as sleep } from "node:timers/promises";
import { graphql } from "../__generated__";
import { type GraphQLClient } from "./client";
import { type TestDatabase, createTestDatabase } from "./database";
import { unique } from "./fixtures";
import { testQueuePrefix } from "./queue-prefix";
import { PrivateRedis, testRedisUrl } from "./redis";
import { type TestServer, type TestServerOptions, startTestServer } from "./server";
import { type SmtpSink, startSmtpSink } from "./smtp-sink";

export const JobById = graphql(`
  query JobById($id: ID!) {
    job(id: $id) { id kind state progress attempts maxAttempts error result report { id url sizeBytes kind } }
  }
`);

export const StartReport = graphql(`
  mutation StartReport($kind: ReportKind!) { generateReport(kind: $kind) { id state kind } }
`);

export const MyJobs = graphql(`
  query MyJobs($state: JobState) {
    jobs(first: 20, state: $state) { totalCount nodes { id kind state attempts } }
  }
`);

const finished = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

/** Reads the job until it is in a final state, as a client polling it would. */
export async function waitForFinalJob(client: GraphQLClient, id: string) {
  for (;;) {
    const { job } = await client.data(JobById, { id });
    if (!job) throw new Error(`job ${id} is not visible`);
    if (finished.has(job.state)) return job;
    await sleep(25);
  }
}

/** What the jobs tests share: a database, an SMTP sink, and an API that runs jobs itself. */
export interface JobsFixture {
  database: TestDatabase;
  sink: SmtpSink;
  server: TestServer;
  /** The BullMQ prefix on the shared Redis; a second server joins the same queues with it. */
  queuePrefix: string;
  stop(): Promise<void>;
}

/** Jobs on the shared Redis under a queue prefix of their own, mail to a real SMTP sink. */
export async function startJobsFixture(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<JobsFixture> {
  const redisKeys = testQueuePrefix();
  const fixture = await startJobsServer(testRedisUrl(), redisKeys.prefix, env, options);
  return {
    ...fixture,
    stop: async () => {
      await fixture.stop();
      await redisKeys.remove();
    },
  };
}

/** The same on a redis-server of the test's own, for tests that stop it and start it again empty. */
export async function startJobsOnPrivateRedis(env: Record<string, string> = {}): Promise<JobsFixture & { redis: PrivateRedis }> {
  const redis = await PrivateRedis.start();
  const fixture = await startJobsServer(redis.url, `test-${unique()}`, env);
  return {
    ...fixture,
    redis,
    stop: async () => {
      // Started again in case the test left it stopped: the server's own shutdown quits it cleanly.
      await redis.start().catch(() => undefined);
      await fixture.stop();
      await redis.stop();
    },
  };
}

async function startJobsServer(redisUrl: string, queuePrefix: string, env: Record<string, string>, options: TestServerOptions = {}): Promise<JobsFixture> {
  const database = await createTestDatabase();
  const sink = await startSmtpSink();
  const server = await startTestServer(database, {
    REDIS_URL: redisUrl,
    JOBS_PREFIX: queuePrefix,
    WORKER_IN_API: "true",
    SMTP_URL: sink.url,
    ...env,
  }, options);
  return {
    database,
    sink,
    server,
    queuePrefix,
    stop: async () => {
      await server.stop();
      await sink.stop();
      await database.drop();
    },
  };
}
