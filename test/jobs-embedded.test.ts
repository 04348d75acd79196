import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { graphql } from "./__generated__";
import { errorCodes } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { type TestUser, createItem, signUpUser, unique } from "./support/fixtures";
import { JobById, MyJobs, StartReport, waitForFinalJob } from "./support/jobs";
import { type SmtpSink, startSmtpSink } from "./support/smtp-sink";
import { subscribe, wsClient } from "./support/subscriptions";
import { type TestServer, startTestServer } from "./support/server";

const CancelJob = graphql(`
  mutation CancelJob($id: ID!) { cancelJob(id: $id) { id state } }
`);

const FollowJob = graphql(`
  subscription FollowJob($id: ID!) { jobUpdated(id: $id) { id state progress report { url } } }
`);

describe("jobs in the one-process start (no Redis: BullMQ on its PostgreSQL backend, events by NOTIFY)", () => {
  let database: TestDatabase;
  let sink: SmtpSink;
  let server: TestServer;
  let seller: TestUser;

  before(async () => {
    database = await createTestDatabase();
    sink = await startSmtpSink();
    server = await startTestServer(database, { SMTP_URL: sink.url, REPORT_CHUNK_ROWS: "5", REPORT_CHUNK_PAUSE_MS: "30" });
    seller = await signUpUser(server.client, "Seller");
    for (let i = 0; i < 20; i++) await createItem(seller);
  });
  after(async () => {
    await server?.stop();
    await sink?.stop();
    await database?.drop();
  });

  it("sends the welcome email", async () => {
    const { jobs } = await seller.client.data(MyJobs, {});
    const job = await waitForFinalJob(seller.client, jobs.nodes[0].id);
    assert.equal(job.state, "COMPLETED");
    await sink.waitForMessages(1);
    assert.deepEqual(sink.received[0].to, [seller.email]);
  });

  it("renders an INVENTORY_CSV report, streamed to a subscriber, downloadable with its link", async () => {
    const { generateReport } = await seller.client.data(StartReport, { kind: "INVENTORY_CSV" });
    const client = wsClient(server.url, seller.token);
    try {
      const updates = subscribe(client, FollowJob, { id: generateReport.id });
      assert.deepEqual(await updates.ended, { completed: true });
      const last = updates.results.at(-1)!.data!.jobUpdated;
      assert.equal(last.state, "COMPLETED");
      const csv = await (await fetch(new URL(last.report!.url, server.url))).text();
      const lines = csv.trim().split("\r\n");
      assert.equal(lines[0], "item_id,sku,name,price_cents,stock");
      assert.equal(lines.length, 21);
    } finally {
      await client.dispose();
    }
  });

  it("gives Report.url as an absolute link: the request's origin, a trusted proxy's, or PUBLIC_URL", async () => {
    // A user of its own, so the other tests' job lists stay as they are.
    const reader = await signUpUser(server.client, "Reader");
    const { generateReport } = await reader.client.data(StartReport, { kind: "INVENTORY_CSV" });
    const job = await waitForFinalJob(reader.client, generateReport.id);
    assert.ok(job.report!.url.startsWith(`${server.url}/reports/`), job.report!.url);
    assert.equal((await fetch(job.report!.url)).status, 200);

    const proxied = await reader.client.request(JobById, { id: generateReport.id }, { "x-forwarded-proto": "https", "x-forwarded-host": "api.example.com" });
    assert.match(proxied.data!.job!.report!.url, /^https:\/\/api\.example\.com\/reports\/\d+\?expires=/);

    const behindPublicUrl = await startTestServer(database, { PUBLIC_URL: "https://skein.example.com/api/" });
    try {
      const { job: read } = await behindPublicUrl.client.as(reader.token).data(JobById, { id: generateReport.id });
      assert.match(read!.report!.url, /^https:\/\/skein\.example\.com\/api\/reports\/\d+\?expires=/);
    } finally {
      await behindPublicUrl.stop();
    }
  });

  it("cancels a running report: CANCELLED, and it never completes", async () => {
    const { generateReport } = await seller.client.data(StartReport, { kind: "INVENTORY_CSV" });
    const client = wsClient(server.url, seller.token);
    try {
      const updates = subscribe(client, FollowJob, { id: generateReport.id });
      await updates.waitFor((result) => result.data?.jobUpdated.state === "ACTIVE");
      const { cancelJob } = await seller.client.data(CancelJob, { id: generateReport.id });
      assert.equal(cancelJob.state, "CANCELLED");
      assert.deepEqual(await updates.ended, { completed: true });
      assert.equal(updates.results.at(-1)!.data!.jobUpdated.state, "CANCELLED");
      const job = await waitForFinalJob(seller.client, generateReport.id);
      assert.equal(job.state, "CANCELLED");
      assert.equal(job.report, null);
      assert.deepEqual(errorCodes(await seller.client.request(CancelJob, { id: (await seller.client.data(MyJobs, { state: "COMPLETED" })).jobs.nodes[0].id })), ["BAD_USER_INPUT"]);
    } finally {
      await client.dispose();
    }
  });

  it("lists the caller's jobs newest first, by state, and hides them from everyone else", async () => {
    const { jobs } = await seller.client.data(MyJobs, {});
    assert.deepEqual(jobs.nodes.map((job) => job.kind), ["REPORT", "REPORT", "WELCOME_EMAIL"]);
    const ids = jobs.nodes.map((job) => Number(job.id));
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    const cancelled = (await seller.client.data(MyJobs, { state: "CANCELLED" })).jobs;
    assert.equal(cancelled.totalCount, 1);

    const other = await signUpUser(server.client, "Other");
    assert.equal((await other.client.data(JobById, { id: jobs.nodes[0].id })).job, null);
    // Alike for someone else's job and a missing one: no answer tells which ids exist.
    assert.deepEqual(errorCodes(await other.client.request(CancelJob, { id: jobs.nodes[0].id })), ["NOT_FOUND"]);
    assert.deepEqual(errorCodes(await other.client.request(CancelJob, { id: "999999999" })), ["NOT_FOUND"]);
    assert.equal((await other.client.data(MyJobs, {})).jobs.totalCount, 1, "their own welcome email only");
  });
});

describe("jobs across processes without Redis (queues and events in PostgreSQL)", () => {
  let database: TestDatabase;
  let sink: SmtpSink;
  let runsJobs: TestServer;
  let servesClients: TestServer;

  before(async () => {
    database = await createTestDatabase();
    sink = await startSmtpSink();
    // Two API processes of one deployment (as `--workers 2` makes): they share a prefix; only one runs jobs.
    const shared = { SMTP_URL: sink.url, JOBS_PREFIX: `test-${unique()}`, REPORT_CHUNK_ROWS: "5", REPORT_CHUNK_PAUSE_MS: "30" };
    runsJobs = await startTestServer(database, { ...shared, WORKER_IN_API: "true" });
    servesClients = await startTestServer(database, { ...shared, WORKER_IN_API: "false" });
  });
  after(async () => {
    await servesClients?.stop();
    await runsJobs?.stop();
    await sink?.stop();
    await database?.drop();
  });

  it("streams a report run by one process to a subscriber on the other, through to COMPLETED", async () => {
    const seller = await signUpUser(servesClients.client);
    for (let i = 0; i < 20; i++) await createItem(seller);
    const { generateReport } = await seller.client.data(StartReport, { kind: "INVENTORY_CSV" });
    const client = wsClient(servesClients.url, seller.token);
    try {
      const updates = subscribe(client, FollowJob, { id: generateReport.id });
      assert.deepEqual(await updates.ended, { completed: true });
      const states = updates.results.map((result) => result.data!.jobUpdated.state);
      assert.equal(states.at(-1), "COMPLETED");
      // The first event is the row as it stood; this process runs no jobs, so the rest crossed over by NOTIFY.
      assert.ok(states.length >= 3, `saw ${states.join(", ")}`);
    } finally {
      await client.dispose();
    }
  });
});
