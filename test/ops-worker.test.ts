import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { signUpUser } from "./support/fixtures";
import { freePort } from "./support/free-port";
import { MyJobs, waitForFinalJob } from "./support/jobs";
import { waitForMetric } from "./support/metrics";
import { type SkeinProcess, spawnWorker } from "./support/server-process";
import { scrape, sumOf } from "./support/prometheus";
import { testQueuePrefix } from "./support/queue-prefix";
import { deleteKeys, sharedRedisEnv } from "./support/redis";
import { type TestServer, startTestServer } from "./support/server";

describe("the worker process's /metrics and shutdown", () => {
  const queueKeys = testQueuePrefix();
  const redisEnv = sharedRedisEnv();
  // Mail without SMTP_URL and nothing else: the worker's files go to a folder of the test's own.
  const dataDir = mkdtempSync(path.join(tmpdir(), "skein-test-worker-"));
  let database: TestDatabase;
  let api: TestServer;
  let worker: SkeinProcess;
  let metricsUrl: string;

  before(async () => {
    database = await createTestDatabase();
    const shared = { ...redisEnv, JOBS_PREFIX: queueKeys.prefix, DATABASE_URL: database.url };
    api = await startTestServer(database, { ...shared, WORKER_IN_API: "false" });
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}`;
    worker = await spawnWorker({ ...shared, HOST: "127.0.0.1", METRICS_PORT: String(metricsPort), DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_MS: "5000" });
  });
  after(async () => {
    await worker?.stop("SIGKILL");
    await api?.stop();
    await database?.drop();
    await queueKeys.remove();
    await deleteKeys(redisEnv);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("counts the jobs it ran by queue and state on METRICS_PORT, with the job and process families", async () => {
    // Signing up enqueues the welcome email: the job this worker runs.
    const user = await signUpUser(api.client);
    const [welcome] = (await user.client.data(MyJobs, {})).jobs.nodes;
    assert.equal((await waitForFinalJob(user.client, welcome.id)).state, "COMPLETED");
    // The run writes its row's completion before BullMQ moves the entry to completed and says so.
    const welcomeEmail = { queue: "jobs", name: "WELCOME_EMAIL" };
    await waitForMetric(metricsUrl, "skein_job_duration_seconds_count", { ...welcomeEmail, outcome: "completed" }, 1);

    const families = await scrape(metricsUrl);
    assert.equal(sumOf(families, "skein_jobs", { queue: "jobs", state: "completed" }), 1);
    assert.equal(sumOf(families, "skein_jobs", { queue: "jobs", state: "waiting" }), 0);
    assert.equal(sumOf(families, "skein_job_duration_seconds", { ...welcomeEmail, outcome: "completed" }, "skein_job_duration_seconds_count"), 1);
    assert.equal(sumOf(families, "skein_job_wait_seconds", welcomeEmail, "skein_job_wait_seconds_count"), 1);
    for (const family of ["skein_db_pool_clients", "nodejs_eventloop_lag_p99_seconds"]) {
      assert.ok(families.has(family), family);
    }
    assert.ok(sumOf(families, "skein_db_statements_total", { pool: "jobs-primary" }) > 0, "the jobs' SQL is counted on their own pool");
    assert.equal((await fetch(`${metricsUrl}/healthz`)).status, 404, "METRICS_PORT answers /metrics only");
  });

  it("runs its shutdown steps in order on SIGTERM and exits 0", async (t) => {
    const sigtermAt = performance.now();
    assert.equal((await worker.stop("SIGTERM")).code, 0);
    const steps = worker.logs.filter((entry) => entry.msg === "shutdown step done").map((entry) => entry.step);
    assert.deepEqual(steps, ["features", "metrics-server", "database", "logs"]);
    await assert.rejects(fetch(`${metricsUrl}/metrics`), "the metrics listener is closed");
    t.diagnostic(`worker: SIGTERM to exit ${Math.round(performance.now() - sigtermAt)} ms`);
  });
});
