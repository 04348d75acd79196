import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { RestartBackoff } from "../src/cluster/restart-backoff";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { freePort } from "./support/free-port";
import { scrape, sumOf } from "./support/prometheus";
import { type ServerProcess, spawnServer } from "./support/server-process";

const probe = JSON.stringify({ query: "query ClusterProbe { items(first: 1) { nodes { id } } }" });

/**
 * One request on a connection of its own (no keep-alive agent): the cluster
 * hands out connections, not requests, in turn.
 */
function send(url: string, path: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = body ? { "content-type": "application/json" } : {};
    const req = request(`${url}${path}`, { method: body ? "POST" : "GET", agent: false, headers }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const pidOf = async (url: string): Promise<number> => {
  const response = await send(url, "/healthz");
  assert.equal(response.status, 200);
  return (JSON.parse(response.body) as { pid: number }).pid;
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("--workers 2", () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let metricsUrl: string;
  const pidsSeen = new Map<number, number>();

  before(async () => {
    database = await createTestDatabase();
    // Every API process listens on METRICS_PORT too; whichever gets the scrape answers with the sum.
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}`;
    server = await spawnServer(database.url, { args: ["--workers", "2"], env: { METRICS_PORT: String(metricsPort) }, readyLines: 2 });
  });
  after(async () => {
    await server?.kill();
    await database?.drop();
  });

  it("spreads connections over two API processes, neither of them the primary", async () => {
    for (let i = 0; i < 10; i += 1) {
      const pid = await pidOf(server.url);
      pidsSeen.set(pid, (pidsSeen.get(pid) ?? 0) + 1);
    }
    assert.equal(pidsSeen.size, 2, `pids: ${[...pidsSeen.keys()]}`);
    assert.equal(pidsSeen.has(server.child.pid ?? 0), false);
  });

  it("sums both processes' metrics at /metrics (on METRICS_PORT)", async () => {
    for (let i = 0; i < 10; i += 1) assert.equal((await send(server.url, "/graphql", probe)).status, 200);
    const families = await scrape(metricsUrl);
    assert.equal((await send(server.url, "/metrics")).status, 404, "not on the API port when METRICS_PORT is set");
    // Each process answered some of the 10 /healthz above: only a sum reaches 10.
    assert.ok([...pidsSeen.values()].every((count) => count > 0 && count < 10));
    assert.equal(sumOf(families, "skein_http_requests_total", { route: "/healthz", status: "200" }), 10);
    assert.equal(sumOf(families, "skein_graphql_operations_total", { operation: "ClusterProbe", outcome: "success" }), 10);
    const clients = sumOf(families, "skein_db_pool_clients", { pool: "primary", state: "total" });
    assert.ok(clients >= 2, `both processes opened primary clients: ${clients}`);
  });

  it("reports shared state once (skein_jobs: the queue's count, not one per process) while per-process gauges add up", async (t) => {
    const signUp = { query: "mutation ClusterSignUp($input: SignUpInput!) { signUp(input: $input) { token } }", variables: { input: { email: `cluster-${process.pid}@example.com`, name: "Cluster", password: "a-long-password" } } };
    assert.equal((await send(server.url, "/graphql", JSON.stringify(signUp))).status, 200);
    // Its WELCOME_EMAIL job, written to DATA_DIR by whichever process takes it.
    let completed = 0;
    for (let attempt = 0; attempt < 100 && completed === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      completed = sumOf(await scrape(metricsUrl), "skein_jobs", { queue: "jobs", state: "completed" });
    }
    const families = await scrape(metricsUrl);
    const jobs = sumOf(families, "skein_jobs", { queue: "jobs", state: "completed" });
    const clients = sumOf(families, "skein_db_pool_clients", { pool: "primary", state: "total" });
    t.diagnostic(`skein_jobs{state="completed"} ${jobs} (max over the processes); skein_db_pool_clients{pool="primary",state="total"} ${clients} (sum)`);
    assert.equal(jobs, 1, "both processes count the one job; the cluster reports it once");
    assert.ok(clients >= 2, "each process's own clients are summed");
  });

  it("replaces a process that dies, while the other keeps answering", async () => {
    const [victim, survivor] = [...pidsSeen.keys()];
    process.kill(victim, "SIGKILL");
    await server.waitForLogs((line) => line.msg === "an API process died; replacing it" && line.workerPid === victim);
    const replaced = server.waitForLogs((line) => line.msg === "Skein is serving", 3);
    let answered = 0;
    while (!(await Promise.race([replaced.then(() => true), new Promise((resolve) => setTimeout(resolve, 20, false))]))) {
      // The replacement may answer before its "serving" line reaches us (logs are written asynchronously).
      const pid = await pidOf(server.url);
      assert.notEqual(pid, victim);
      if (pid === survivor) answered += 1;
    }
    assert.ok(answered > 0, "the survivor answered while the replacement started");
    const pids = new Set<number>();
    for (let i = 0; i < 6; i += 1) pids.add(await pidOf(server.url));
    assert.equal(pids.size, 2);
    assert.ok(pids.has(survivor) && !pids.has(victim));
    assert.equal((await send(metricsUrl, "/metrics")).status, 200);
  });

  it("on SIGTERM, stops every process and exits 0", async () => {
    const workers = [...new Set(server.logs.filter((line) => line.msg === "Skein is serving").map((line) => Number(line.pid)))];
    server.signal("SIGTERM");
    assert.deepEqual(await server.exited, { code: 0, signal: null });
    assert.deepEqual(workers.filter(isAlive), []);
    const finished = server.logs.filter((line) => line.msg === "shutdown step done" && line.step === "logs");
    assert.equal(finished.length, 3, "the two API processes and the primary each shut down in order");
  });
});

describe("RestartBackoff", () => {
  it("replaces a process that ran a while at once, and backs off on a crash loop up to 30 s", () => {
    const backoff = new RestartBackoff();
    assert.equal(backoff.delayMsAfter(60_000), 0);
    const loop = Array.from({ length: 10 }, () => backoff.delayMsAfter(100));
    assert.deepEqual(loop, [250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    assert.equal(backoff.delayMsAfter(10_000), 0, "a process that lived long enough resets the streak");
    assert.equal(backoff.delayMsAfter(5), 250);
  });
});

describe("--workers 2 with the embedded PostgreSQL", () => {
  let server: ServerProcess;
  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "skein-ops-embedded-"));
    chmodSync(dataDir, 0o755); // PostgreSQL runs as another user and must reach its folder.
    server = await spawnServer("", {
      args: ["--workers", "2"],
      env: { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) },
      readyLines: 2,
    });
  });
  after(async () => {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("starts, migrates and seeds the database once, in the primary, and stops it after the API processes", async () => {
    const primaryPid = server.child.pid;
    const once = (msg: RegExp) => server.logs.filter((line) => msg.test(String(line.msg))).map((line) => line.pid);
    assert.deepEqual(once(/^DATABASE_URL is not set/), [primaryPid]);
    assert.deepEqual(once(/^seeded demo data/), [primaryPid]);
    const { body } = await send(server.url, "/graphql", JSON.stringify({ query: "{ users(first: 1) { nodes { name } } }" }));
    assert.deepEqual(JSON.parse(body).data, { users: { nodes: [{ name: "Seed User 1" }] } });

    server.signal("SIGTERM");
    assert.deepEqual(await server.exited, { code: 0, signal: null });
    const primarySteps = server.logs.filter((line) => line.pid === primaryPid && line.msg === "shutdown step done").map((line) => line.step);
    assert.deepEqual(primarySteps, ["api-processes", "embedded-postgres", "logs"]);
  });
});
