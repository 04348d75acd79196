import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { graphql } from "./__generated__";
import { type TestDatabase } from "./support/database";
import { type TestUser, signUpUser } from "./support/fixtures";
import { type JobsFixture, MyJobs, waitForFinalJob, startJobsFixture } from "./support/jobs";
import { type SmtpSink } from "./support/smtp-sink";
import { subscribe, wsClient } from "./support/subscriptions";
import { type TestServer, startTestServer } from "./support/server";

const WatchJob = graphql(`
  subscription WatchJob($id: ID!) { jobUpdated(id: $id) { id state attempts } }
`);

const WatchMyJobs = graphql(`
  subscription WatchMyJobs { myJobUpdated { id state } }
`);

describe("job subscriptions over graphql-ws", () => {
  let fixture: JobsFixture;
  let database: TestDatabase;
  let sink: SmtpSink;
  let server: TestServer;
  let alice: TestUser;
  let aliceJobId: string;

  before(async () => {
    fixture = await startJobsFixture();
    ({ database, sink, server } = fixture);
    alice = await signUpUser(server.client, "Alice");
    aliceJobId = (await alice.client.data(MyJobs, {})).jobs.nodes[0].id;
    await waitForFinalJob(alice.client, aliceJobId);
  });
  after(async () => {
    await fixture?.stop();
  });

  it("sends a finished job once and completes", async () => {
    const client = wsClient(server.url, alice.token);
    try {
      const updates = subscribe(client, WatchJob, { id: aliceJobId });
      assert.deepEqual(await updates.ended, { completed: true });
      assert.deepEqual(
        updates.results.map((result) => result.data?.jobUpdated.state),
        ["COMPLETED"],
      );
    } finally {
      await client.dispose();
    }
  });

  it("answers NOT_FOUND alike for someone else's job and a job that does not exist; an admin follows any job", async () => {
    const bob = await signUpUser(server.client, "Bob");
    const admin = await signUpUser(server.client, "Admin");
    await database.query("update users set role = 'ADMIN' where id = $1", [admin.id]);
    const adminToken = await server.app.services.tokens.sign({ id: Number(admin.id), role: "ADMIN" });
    const watch = async (token: string, id: string) => {
      const client = wsClient(server.url, token);
      try {
        const updates = subscribe(client, WatchJob, { id });
        await updates.ended;
        return updates.results;
      } finally {
        await client.dispose();
      }
    };
    const codesOf = (results: Awaited<ReturnType<typeof watch>>) => results.flatMap((result) => result.errors?.map((error) => error.extensions?.code) ?? []);
    for (const id of [aliceJobId, "999999999"]) {
      const results = await watch(bob.token, id);
      assert.deepEqual(codesOf(results), ["NOT_FOUND"], `job ${id}`);
      assert.ok(results.every((result) => !result.data));
    }
    assert.deepEqual((await watch(adminToken, aliceJobId)).map((result) => result.data?.jobUpdated.id), [aliceJobId]);
  });

  it("answers UNAUTHENTICATED without a token", async () => {
    const client = wsClient(server.url);
    try {
      const updates = subscribe(client, WatchMyJobs, {});
      await updates.ended;
      assert.deepEqual(updates.results.flatMap((result) => result.errors?.map((error) => error.extensions?.code) ?? []), ["UNAUTHENTICATED"]);
    } finally {
      await client.dispose();
    }
  });

  it("closes the connection with 4403 Forbidden for a bad token", async () => {
    const client = wsClient(server.url, "not-a-token");
    try {
      const updates = subscribe(client, WatchJob, { id: aliceJobId });
      const ending = await updates.ended;
      assert.equal(ending.completed, false);
      assert.equal(!ending.completed && ending.closeCode, 4403);
      assert.equal(updates.results.length, 0);
    } finally {
      await client.dispose();
    }
  });

  it("closes open subscriptions with 1001 when the server stops", async () => {
    const other = await startTestServer(database, { JOBS_PREFIX: fixture.queuePrefix, SMTP_URL: sink.url, WORKER_IN_API: "false" });
    const client = wsClient(other.url, alice.token);
    try {
      const updates = subscribe(client, WatchMyJobs, {});
      await new Promise<void>((resolve) => client.on("connected", () => resolve()));
      await other.stop();
      const ending = await updates.ended;
      assert.equal(!ending.completed && ending.closeCode, 1001);
    } finally {
      await client.dispose();
    }
  });
});
