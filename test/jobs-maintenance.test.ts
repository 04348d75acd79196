import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { type TestDatabase } from "./support/database";
import { type TestUser, createItem, signUpUser } from "./support/fixtures";
import { type JobsFixture, startJobsFixture, startJobsOnPrivateRedis, waitForFinalJob } from "./support/jobs";
import { type PrivateRedis } from "./support/redis";
import { type SmtpSink } from "./support/smtp-sink";
import { type TestServer } from "./support/server";

describe("the scheduled maintenance job", () => {
  let fixture: JobsFixture;
  let database: TestDatabase;
  let server: TestServer;
  let user: TestUser;
  let sink: SmtpSink;

  before(async () => {
    fixture = await startJobsFixture({
      MAINTENANCE_EVERY_MS: "200",
    });
    ({ database, sink, server } = fixture);
    user = await signUpUser(server.client);
  });
  after(async () => {
    await fixture?.stop();
  });

  it("removes expired reports and idempotency keys older than a day, and keeps the rest", async () => {
    const item = await createItem(user, { stock: 100 });
    await database.query(
      `insert into orders (item_id, buyer_id, quantity, total_cents, idempotency_key, created_at) values
       ($1, $2, 1, 1, 'old-key', now() - interval '2 days'), ($1, $2, 1, 1, 'fresh-key', now())`,
      [item.id, user.id],
    );
    const [job] = await database.query<{ id: string }>(`select id from jobs where owner_id = $1`, [user.id]);
    await database.query(
      `with report as (
         insert into reports (job_id, owner_id, kind, content_type, size_bytes, expires_at)
         values ($1, $2, 'SALES_CSV', 'text/csv', 2, now() - interval '1 second') returning id
       )
       insert into report_chunks (report_id, seq, content) select id, seq, 'x' from report, generate_series(0, 1) seq`,
      [job.id, user.id],
    );
    for (;;) {
      const [state] = await database.query<{ reports: string; chunks: string; keys: string[] }>(
        `select (select count(*) from reports) as reports, (select count(*) from report_chunks) as chunks,
                (select array_agg(idempotency_key order by idempotency_key) from orders where idempotency_key is not null) as keys`,
      );
      if (Number(state.reports) === 0 && state.keys.length === 1) {
        assert.equal(Number(state.chunks), 0, "the report's chunks go with it");
        assert.deepEqual(state.keys, ["fresh-key"]);
        return;
      }
      await sleep(50);
    }
  });

  it("hands a job whose queue entry was lost back to its queue, and it runs", async () => {
    const [lost] = await database.query<{ id: string }>(
      `insert into jobs (kind, owner_id, max_attempts, payload, dispatched_at, updated_at)
       values ('WELCOME_EMAIL', $1, 3, jsonb_build_object('userId', $1::bigint), now() - interval '2 hours', now() - interval '2 hours')
       returning id`,
      [user.id],
    );
    const job = await waitForFinalJob(user.client, lost.id);
    assert.equal(job.state, "COMPLETED");
    assert.ok(sink.received.some((mail) => mail.to.includes(user.email)));
  });
});

describe("the maintenance schedule after Redis loses its data", () => {
  let fixture: JobsFixture & { redis: PrivateRedis };

  before(async () => {
    fixture = await startJobsOnPrivateRedis({ MAINTENANCE_EVERY_MS: "200" });
  });
  after(() => fixture?.stop());

  /** A WELCOME_EMAIL job that looks dispatched two hours ago: only the maintenance's requeue can run it. */
  const insertLostJob = async (userId: string) =>
    (
      await fixture.database.query<{ id: string }>(
        `insert into jobs (kind, owner_id, max_attempts, payload, dispatched_at, updated_at)
         values ('WELCOME_EMAIL', $1, 3, jsonb_build_object('userId', $1::bigint), now() - interval '2 hours', now() - interval '2 hours')
         returning id`,
        [userId],
      )
    )[0].id;

  /** The job's state once COMPLETED, or after 10 s (maintenance runs every 0.2 s: ample). */
  const stateAfterMaintenance = async (jobId: string) => {
    let state = "QUEUED";
    for (let attempt = 0; attempt < 100 && state !== "COMPLETED"; attempt++) {
      await sleep(100);
      [{ state }] = await fixture.database.query<{ state: string }>("select state from jobs where id = $1", [jobId]);
    }
    return state;
  };

  it("runs again after a restart without persistence, without restarting the worker: lost jobs are requeued and run", async () => {
    const user = await signUpUser(fixture.server.client);
    await fixture.redis.stop();
    await fixture.redis.start(); // empty: no queues, no schedule
    // Two in a row: a maintenance run the worker had started before the restart can finish after it and rescue one.
    assert.equal(await stateAfterMaintenance(await insertLostJob(user.id)), "COMPLETED");
    assert.equal(await stateAfterMaintenance(await insertLostJob(user.id)), "COMPLETED");
  });
});
