import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { drizzleFor } from "../src/cli/demo-data";
import { BatchedStatement } from "../src/db/batched-statement";
import { features } from "../src/features";
import { JobKindRegistry } from "../src/modules/jobs/job.registry";
import { preparedInsertRowsMax, preparedJobInserts } from "../src/modules/jobs/job.inserts";
import { type NewJob } from "../src/modules/jobs/job.service";
import { users } from "../src/modules/users/user.table";
import { type TestDatabase, createTestDatabase } from "./support/database";

describe("job rows started together share one INSERT", () => {
  // The kinds a row may have (and their payloads) come from the features, as at boot.
  const kinds = new JobKindRegistry(features);
  let database: TestDatabase;
  let db: ReturnType<typeof drizzleFor>;
  let ownerId: number;

  before(async () => {
    database = await createTestDatabase();
    db = drizzleFor(database.url);
    [{ id: ownerId }] = await db.insert(users).values({ name: "Owner", email: "owner@example.com", passwordHash: "x" }).returning({ id: users.id });
  });
  after(async () => {
    await db?.$client.end();
    await database?.drop();
  });

  const job = (owner: number, userId: number): NewJob => ({ kind: "WELCOME_EMAIL", ownerId: owner, payload: { userId }, maxAttempts: 3 });

  it("answers each caller with its own row, in any batch size", async () => {
    const inserts = new BatchedStatement(preparedJobInserts(db, kinds), { maxBatchSize: preparedInsertRowsMax });
    const wanted = Array.from({ length: 40 }, (_, index) => job(ownerId, index + 1));
    const rows = await Promise.all(wanted.map((newJob) => inserts.call(newJob)));
    assert.deepEqual(
      rows.map((row) => row.payload),
      wanted.map((newJob) => newJob.payload),
    );
    assert.equal(new Set(rows.map((row) => row.id)).size, 40);
    assert.ok(rows.every((row) => row.state === "QUEUED" && row.ownerId === ownerId));
  });

  it("fails only the caller whose row is refused (a payload its kind refuses), without holding up the others", async () => {
    const inserts = new BatchedStatement(preparedJobInserts(db, kinds), { maxBatchSize: preparedInsertRowsMax });
    const outcomes = await Promise.allSettled([job(ownerId, 1), job(ownerId, -1), job(ownerId, 3)].map((newJob) => inserts.call(newJob)));
    assert.deepEqual(
      outcomes.map((outcome) => outcome.status),
      ["fulfilled", "rejected", "fulfilled"],
    );
  });

  it("fails only the caller whose row is refused; the others' rows are written", async () => {
    const inserts = new BatchedStatement(preparedJobInserts(db, kinds), { maxBatchSize: preparedInsertRowsMax });
    const missingOwner = ownerId + 1_000;
    const outcomes = await Promise.allSettled([job(ownerId, 1), job(missingOwner, 2), job(ownerId, 3)].map((newJob) => inserts.call(newJob)));
    assert.deepEqual(
      outcomes.map((outcome) => outcome.status),
      ["fulfilled", "rejected", "fulfilled"],
    );
    const { rows } = await db.$client.query<{ count: number }>(`select count(*)::int as count from jobs where owner_id = $1`, [missingOwner]);
    assert.equal(rows[0].count, 0);
  });
});
