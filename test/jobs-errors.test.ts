import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { internalJobErrorMessage } from "../src/modules/jobs/job.runner";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { signUpUser } from "./support/fixtures";
import { MyJobs, waitForFinalJob } from "./support/jobs";
import { captureLogs } from "./support/logs";
import { type TestServer, startTestServer } from "./support/server";

describe("a job's error in production (NODE_ENV=production)", () => {
  const logs = captureLogs();
  let database: TestDatabase;
  let server: TestServer;
  let scratch: string;
  let dataDir: string;

  before(async () => {
    // DATA_DIR under a regular file: the .eml fallback (no SMTP_URL) fails with ENOTDIR, naming the path.
    scratch = mkdtempSync(path.join(tmpdir(), "skein-job-errors-"));
    writeFileSync(path.join(scratch, "file"), "");
    dataDir = path.join(scratch, "file", "data");
    database = await createTestDatabase();
    server = await startTestServer(database, { NODE_ENV: "production", DATA_DIR: dataDir, JOB_BACKOFF_MS: "20", JOB_MAX_ATTEMPTS: "1" }, { logTo: logs.stream });
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("shows its owner a generic message, never a server path, and logs the whole error", async () => {
    const user = await signUpUser(server.client);
    const job = await waitForFinalJob(user.client, (await user.client.data(MyJobs, {})).jobs.nodes[0].id);
    assert.equal(job.state, "FAILED");
    assert.equal(job.error, internalJobErrorMessage);
    assert.doesNotMatch(JSON.stringify(job), new RegExp(scratch));
    await logs.waitFor((line) => line.msg === "job failed");
    const logged = logs.lines.find((line) => line.msg === "job failed");
    assert.match(JSON.stringify(logged?.err), /ENOTDIR/);
  });
});
