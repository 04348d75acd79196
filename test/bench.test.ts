import assert from "node:assert/strict";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type ContenderName, type RunningContender, contenderNames, contenders, shippedNodeArgs } from "../bench/contenders";
import { benchOptions } from "../bench/options";
import { topFunctions } from "../bench/profile/top-functions";
import { queryNames } from "../bench/queries";
import { processCpuSeconds } from "../bench/process-cpu";
import { medianInterval } from "../bench/report/bootstrap";
import { markdownTable } from "../bench/report/markdown";
import { startRunClock } from "../bench/report/run-times";
import { summarize } from "../bench/report/summary";
import { writeReport } from "../bench/report/write";
import { assertSameData } from "../bench/same-data";
import { statementsPerRequest } from "../bench/statement-count";
import { drizzleFor } from "../src/cli/demo-data";
import { projectRoot } from "../src/config";
import { TokenSigner } from "../src/identity/tokens";
import { seed } from "../src/cli/seed-data";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { unique } from "./support/fixtures";
import { testJwtSecret } from "./support/server";

/** `npm run bench` is not run here; these keep its contenders honest as the server changes. */
describe("benchmark contenders", () => {
  let database: TestDatabase;
  let logFd: number;
  const running = new Map<ContenderName, RunningContender>();
  let token: string;

  before(async () => {
    database = await createTestDatabase();
    const db = drizzleFor(database.url);
    // Enough for the bench queries: 50 users with 10 items each, and user 42.
    await seed(db, { users: 60, itemsPerUser: 12 }).finally(() => db.$client.end());
    logFd = openSync("/dev/null", "w");
    // The viewer's role is cached for ROLE_CACHE_TTL_SECONDS (5 s): on a loaded machine a refill would fall
    // inside a count and add a statement that is no part of either query.
    const skeinEnv = { ROLE_CACHE_TTL_SECONDS: "3600" };
    const setup = { databaseUrl: database.url, jwtSecret: testJwtSecret, runId: `test-${unique()}`, logFd, skeinEnv, skeinB: { root: projectRoot, env: skeinEnv }, nodeArgs: shippedNodeArgs() };
    for (const contender of Object.values(contenders)) running.set(contender.name, await contender.start(setup));
    token = await new TokenSigner(testJwtSecret, 600).sign({ id: 42, role: "USER" });
  });
  after(async () => {
    await Promise.allSettled([...running.values()].map((contender) => contender.stop()));
    if (logFd !== undefined) closeSync(logFd);
    await database?.drop();
  });

  it("both baselines and Mercurius return exactly Skein's data for both queries", async () => {
    for (const query of queryNames) await assertSameData(running, query, token);
  });

  it("counts the same statements for every contender: 2 per nested request and 1 per light one", async () => {
    for (const name of contenderNames) {
      const contender = running.get(name)!;
      const nested = await statementsPerRequest(contender, "nested", token);
      const light = await statementsPerRequest(contender, "light", token);
      assert.deepEqual({ name, nested, light }, { name, nested: 2, light: 1 });
    }
  });

  it("stops with the first difference when a contender answers with other data", async () => {
    let server: Server | undefined;
    try {
      server = createServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" }).end(`{"data":{"user":{"id":"42","name":"Someone else","email":null}}}`);
      }).listen(0, "127.0.0.1");
      await new Promise((resolve) => server!.once("listening", resolve));
      const address = server.address() as { port: number };
      const wrong = { url: `http://127.0.0.1:${address.port}`, pid: 0, statements: async () => 0, stop: async () => {} };
      const pair = new Map<string, RunningContender>([["baseline", running.get("baseline")!], ["wrong", wrong]]);
      await assert.rejects(assertSameData(pair, "light", token), /wrong and baseline return different data .* at data\.user\.name/);
    } finally {
      server?.close();
    }
  });
});

describe("benchmark profile", () => {
  it("counts self time only from the samples inside the measured windows, without idle time", () => {
    const frame = (functionName: string, lineNumber = 0) => ({ functionName, url: "file:///app/node_modules/lib/index.js", lineNumber, columnNumber: 0 });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame("(idle)") },
        { id: 2, callFrame: frame("parse", 9) },
        { id: 3, callFrame: frame("parse", 9) },
        { id: 4, callFrame: frame("startUp", 1) },
      ],
      startTime: 0,
      endTime: 6_000,
      // One sample per millisecond: start-up first, then the measured stretch.
      samples: [4, 4, 2, 3, 1, 2],
      timeDeltas: [1_000, 1_000, 1_000, 1_000, 1_000, 1_000],
    };
    assert.deepEqual(topFunctions(profile, "/app", 5, [{ fromUs: 2_500, toUs: 6_000 }]), [
      { name: "parse", where: "lib/index.js:10", selfMs: 3, percent: 100 },
    ]);
    assert.deepEqual(
      topFunctions(profile, "/app", 5).map((entry) => [entry.name, entry.selfMs]),
      [
        ["parse", 3],
        ["startUp", 2],
      ],
    );
  });

  it("names the project's functions by their TypeScript source, through tsc's source maps", () => {
    const url = `file://${path.join(projectRoot, "dist/src/main.js")}`;
    const profile = {
      nodes: [{ id: 1, callFrame: { functionName: "main", url, lineNumber: 20, columnNumber: 0 } }],
      startTime: 0,
      endTime: 1_000,
      samples: [1],
      timeDeltas: [1_000],
    };
    const [main] = topFunctions(profile, projectRoot, 1);
    assert.match(main.where, /^src\/main\.ts:\d+$/);
  });
});

describe("benchmark report", () => {
  it("reads a process's CPU time from /proc and shows each server's median CPU per request", () => {
    const before = processCpuSeconds(process.pid);
    for (let spin = Date.now(); Date.now() - spin < 50; );
    assert.ok(before !== undefined && processCpuSeconds(process.pid)! > before, "this process's CPU time grew");
    assert.equal(processCpuSeconds(2 ** 22 + 1), undefined, "no such process");

    const run = (round: number, cpuMsPerRequest?: number) => ({
      round,
      query: "light" as const,
      contender: "skein" as const,
      requestsPerSecond: 1_000,
      p50Ms: 1,
      p99Ms: 2,
      requests: 10_000,
      failed: 0,
      window: { fromUs: 0, toUs: 1 },
      cpuMsPerRequest,
    });
    const [row] = summarize({
      runs: [run(1, 0.5), run(2, 0.2), run(3, 0.3)],
      queries: ["light"],
      contenders: [{ name: "skein", label: "Skein" }],
      statements: () => 1,
    });
    assert.equal(row.cpuMsPerRequest, 0.3);
    assert.match(markdownTable([row]), /\| server CPU ms \/ request \|[\s\S]*\| 0\.300 \|/);
    const [unread] = summarize({ runs: [run(1)], queries: ["light"], contenders: [{ name: "skein", label: "Skein" }], statements: () => 1 });
    assert.equal(unread.cpuMsPerRequest, null);
  });

  it("sets each of Skein B's rounds beside Skein's of the same round", () => {
    const run = (round: number, contender: "skein" | "skein-b", requestsPerSecond: number, cpuMsPerRequest: number) => ({
      round,
      query: "nested" as const,
      contender,
      requestsPerSecond,
      p50Ms: 1,
      p99Ms: 2,
      requests: requestsPerSecond * 10,
      failed: 0,
      window: { fromUs: 0, toUs: 1 },
      cpuMsPerRequest,
    });
    // A slow second round for both: the medians of each alone are 500 and 450, the rounds' own ratios 0.9, 1 and 1.
    const runs = [run(1, "skein", 500, 2), run(1, "skein-b", 450, 2.5), run(2, "skein", 250, 4), run(2, "skein-b", 250, 4), run(3, "skein", 600, 2), run(3, "skein-b", 600, 2)];
    const contenders = [
      { name: "skein" as const, label: "Skein" },
      { name: "skein-b" as const, label: "Skein B" },
    ];
    const [skein, skeinB] = summarize({ runs, queries: ["nested"], contenders, statements: () => 2 });
    assert.equal(skein.pairedWithSkein, null);
    assert.deepEqual(skeinB.pairedWithSkein, { rps: 1, rpsInterval: [0.9, 1], cpu: 1 });
    assert.match(markdownTable([skein, skeinB]), /to Skein, median of rounds: req\/s \(95% interval\), CPU \|[\s\S]*\| Skein B \|.*\| 1\.00 \(0\.90–1\.00\), 1\.00 \|/);
  });

  it("gives the median of the rounds a 95% bootstrap interval, the same on every reading", () => {
    const rounds = Array.from({ length: 41 }, (_, index) => 0.8 + index / 100);
    const [low, high] = medianInterval(rounds);
    assert.ok(low < 1 && high > 1 && low > 0.9 && high < 1.1, `[${low}, ${high}] holds the median 1.00, and not the extremes`);
    assert.deepEqual(medianInterval(rounds), [low, high]);
    assert.deepEqual(medianInterval([0.97, 0.97, 0.97]), [0.97, 0.97]);
  });

  it("starts the contenders afresh for each fork, and profiles only one", () => {
    assert.equal(benchOptions([], {}).forks, 1);
    assert.equal(benchOptions(["--forks", "4"], {}).forks, 4);
    assert.equal(benchOptions([], { BENCH_FORKS: "3" }).forks, 3);
    assert.throws(() => benchOptions(["--forks", "2", "--cpu-prof"], {}), /--cpu-prof profiles one fork/);
  });

  it("says when the run started, before its contenders, and when it finished, as results.json is written", () => {
    const clock = ["2026-12-01T10:00:00.000Z", "2026-12-01T10:09:30.000Z"].map((iso) => new Date(iso));
    const finish = startRunClock(() => clock.shift()!);
    const dir = mkdtempSync(path.join(tmpdir(), "skein-bench-report-"));
    try {
      writeReport(dir, { ...finish(), conditions: "test", options: benchOptions([], {}), summary: [], runs: [] });
      const written = JSON.parse(readFileSync(path.join(dir, "results.json"), "utf8"));
      assert.equal(written.startedAt, "2026-12-01T10:00:00.000Z");
      assert.equal(written.finishedAt, "2026-12-01T10:09:30.000Z");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
