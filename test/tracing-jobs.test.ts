import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { SignUp, unique } from "./support/fixtures";
import { OtlpReceiver, type ReceivedSpan, newTraceparent, tracingEnv } from "./support/otlp-receiver";
import { testQueuePrefix } from "./support/queue-prefix";
import { testRedisUrl } from "./support/redis";
import { type ServerProcess, spawnServer } from "./support/server-process";
import { type SmtpSink, startSmtpSink } from "./support/smtp-sink";

describe("a job's retries in its trace (an API that runs its jobs, a real SMTP sink that refuses on demand)", () => {
  const redisKeys = testQueuePrefix();
  let receiver: OtlpReceiver;
  let database: TestDatabase;
  let sink: SmtpSink;
  let api: ServerProcess;

  before(async () => {
    [receiver, database, sink] = await Promise.all([OtlpReceiver.start(), createTestDatabase(), startSmtpSink()]);
    api = await spawnServer(database.url, {
      env: {
        ...tracingEnv(receiver),
        REDIS_URL: testRedisUrl(),
        JOBS_PREFIX: redisKeys.prefix,
        WORKER_IN_API: "true",
        SMTP_URL: sink.url,
        JOB_BACKOFF_MS: "20",
        SMTP_BREAKER_FAILURES: "100",
      },
    });
  });
  after(async () => {
    await api?.kill();
    await sink?.stop();
    await database?.drop();
    await redisKeys.remove();
    await receiver?.stop();
  });

  it("runs each attempt of the welcome email in a process span of its own, both under the sign-up's job dispatch", async () => {
    sink.refuseNext(1);
    const { traceId, traceparent } = newTraceparent();
    const input = { name: "Retried Welcome", email: `retried-${unique()}@example.com`, password: "correct horse battery" };
    assert.equal((await api.client.request(SignUp, { input }, { traceparent })).status, 200);
    await sink.waitForMessages(1);

    const isAttempt = (span: ReceivedSpan) => span.traceId === traceId && span.name.startsWith("process");
    await receiver.waitFor((spans) => spans.filter(isAttempt).length >= 2, "two attempts' process spans");
    const spans = receiver.trace(traceId);
    const attempts = spans.filter(isAttempt);
    assert.equal(new Set(attempts.map((span) => span.spanId)).size, attempts.length, "a new span per attempt");
    const dispatch = spans.find((span) => span.name === "job dispatch");
    assert.ok(dispatch, `the job dispatch span; spans: ${spans.map((span) => span.name).join(", ")}`);
    assert.ok(attempts.every((span) => span.parentSpanId === dispatch.spanId), "each attempt continues the dispatch");
    const sends = spans.filter((span) => span.name === "smtp send");
    assert.equal(new Set(sends.map((span) => span.parentSpanId)).size, 2, "a send under each attempt: the refused one and the accepted one");
  });
});
