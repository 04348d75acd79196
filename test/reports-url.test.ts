import assert from "node:assert/strict";
import { print } from "graphql";
import { after, before, describe, it } from "node:test";
import { graphql } from "./__generated__";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { type TestUser, signUpUser } from "./support/fixtures";
import { StartReport, waitForFinalJob } from "./support/jobs";
import { type TestServer, startTestServer } from "./support/server";
import { subscribeOverSse } from "./support/sse";
import { subscribe, wsClient } from "./support/subscriptions";

const JobReportUrl = graphql(`
  subscription JobReportUrl($id: ID!) { jobUpdated(id: $id) { id report { url } } }
`);

type JobReportUrlData = { jobUpdated: { report: { url: string } | null } };

describe("Report.url is absolute on every transport (PUBLIC_URL unset: the origin the client addressed)", () => {
  let database: TestDatabase;
  let server: TestServer;
  let seller: TestUser;
  let jobId: string;

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer(database);
    seller = await signUpUser(server.client, "Seller");
    jobId = (await seller.client.data(StartReport, { kind: "INVENTORY_CSV" })).generateReport.id;
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("over HTTP", async () => {
    const job = await waitForFinalJob(seller.client, jobId);
    assert.equal(job.state, "COMPLETED", job.error ?? "");
    assert.ok(job.report?.url.startsWith(`${server.url}/reports/`), job.report?.url);
  });

  it("over WebSocket, and the link downloads the report", async () => {
    const client = wsClient(server.url, seller.token);
    try {
      const first = await subscribe(client, JobReportUrl, { id: jobId }).waitFor(() => true);
      const url = first.data?.jobUpdated.report?.url ?? "";
      assert.ok(url.startsWith(`${server.url}/reports/`), url);
      assert.equal((await fetch(url)).status, 200);
    } finally {
      await client.dispose();
    }
  });

  it("over SSE", async () => {
    const stream = await subscribeOverSse<JobReportUrlData>(server.url, print(JobReportUrl), { id: jobId }, seller.token);
    await stream.received(1);
    const url = stream.results[0].data?.jobUpdated.report?.url ?? "";
    assert.ok(url.startsWith(`${server.url}/reports/`), url);
  });
});
