import "reflect-metadata";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { projectRoot } from "../src/config";
import { TokenSigner } from "../src/identity/tokens";
import { type ContenderName, type ContenderSetup, type RunningContender, contenders, shippedNodeArgs } from "./contenders";
import { seededDatabase } from "./database";
import { type Run, measureRounds } from "./measure";
import { type BenchOptions, benchOptions } from "./options";
import { printSkeinProfiles } from "./profile/print-profile";
import { type QueryName, viewerId } from "./queries";
import { deleteKeysUnder } from "./redis-keys";
import { type RunTimes, startRunClock } from "./report/run-times";
import { summarize } from "./report/summary";
import { writeReport } from "./report/write";
import { assertSameData } from "./same-data";
import { statementsPerRequest } from "./statement-count";

/**
 * `npm run bench`: Skein as shipped against a hand-written node:http + pg
 * baseline and Mercurius, on one freshly seeded database. See the README's
 * Benchmarks section and `npm run bench -- --help`.
 */
const seedSize = { users: 10_000, itemsPerUser: 20 };
const resultsDir = path.join(projectRoot, "bench", "results");
const profilesDir = path.join(resultsDir, "profiles");
const skeinLog = path.join(resultsDir, "skein.log");
const profileTop = 25;

/** Skein's environment as changed by --skein-env, as NAME=VALUE words; none when it runs as shipped. */
const skeinChanges = (options: BenchOptions): string[] => Object.entries(options.skeinEnv).map(([name, value]) => `${name}=${value}`);

/** Skein B as the table names it: its checkout's commit when it is another, and its environment changes. */
function skeinBLabel({ skeinB }: BenchOptions): string {
  const commit = skeinB.root === projectRoot ? "" : ` at ${execFileSync("git", ["-C", skeinB.root, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim()}`;
  const changed = Object.entries(skeinB.env).map(([name, value]) => `${name}=${value}`);
  return `Skein B${commit}${changed.length > 0 ? ` with ${changed.join(" ")}` : ""}`;
}

function labelOf(name: ContenderName, options: BenchOptions): string {
  const changed = skeinChanges(options);
  if (name === "skein-b") return skeinBLabel(options);
  return name === "skein" && changed.length > 0 ? `Skein with ${changed.join(" ")}` : contenders[name].label;
}

const forksOf = ({ forks }: BenchOptions): string => (forks > 1 ? `${forks} forks (every contender started afresh for each) × ` : "");

function conditions(options: BenchOptions, startedAt: string): string {
  const redis = process.env.REDIS_URL ? "Redis on" : "no Redis (REDIS_URL unset)";
  const database = process.env.DATABASE_URL ? "PostgreSQL at DATABASE_URL" : "embedded PostgreSQL";
  const changed = skeinChanges(options);
  const profiled = (options.cpuProfile ? `; Skein${options.contenders.includes("skein-b") ? " and Skein B" : ""} under --cpu-prof` : "") + (changed.length > 0 ? `; Skein NOT as shipped: ${changed.join(" ")}` : "");
  return (
    `${startedAt.slice(0, 16)} UTC; ${seedSize.users.toLocaleString("en-US")} users × ${seedSize.itemsPerUser} items, ${database}, ${redis}; ` +
    `autocannon, ${options.connections} connections, ${forksOf(options)}${options.rounds} alternating round${options.rounds === 1 ? "" : "s"} of ${options.durationSeconds} s after ${options.warmUpSeconds} s warm-up; ` +
    `node ${process.version} ${shippedNodeArgs().join(" ")} (npm start's flags, for every contender), ${availableParallelism()} cores${profiled}`
  );
}

/** Into `running` one by one, so those already started are stopped if a later one fails to start. */
async function startAll(names: ContenderName[], setup: ContenderSetup, running: Map<ContenderName, RunningContender>): Promise<void> {
  for (const name of names) running.set(name, await contenders[name].start(setup));
}

async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) lines++;
  }
  return lines;
}

/** Stops every running contender and forgets it, between forks. */
async function stopAll(running: Map<ContenderName, RunningContender>): Promise<void> {
  await Promise.all([...running.values()].map((contender) => contender.stop()));
  running.clear();
}

/** The data and statement checks once, on the first fork's processes; then the rounds of every fork. */
async function bench(options: BenchOptions, setup: ContenderSetup, running: Map<ContenderName, RunningContender>, finish: () => RunTimes): Promise<Run[]> {
  const token = await new TokenSigner(setup.jwtSecret, 3_600).sign({ id: viewerId, role: "USER" });
  const statements = new Map<string, number>();
  const runs: Run[] = [];
  for (let fork = 1; fork <= options.forks; fork++) {
    if (fork > 1) {
      await stopAll(running);
      console.log(`\nfork ${fork} of ${options.forks}: every contender started afresh`);
    }
    await startAll(options.contenders, setup, running);
    if (fork === 1) {
      for (const query of options.queries) {
        await assertSameData(running, query, token);
        for (const [name, contender] of running) statements.set(`${query}/${name}`, await statementsPerRequest(contender, query, token));
      }
      console.log(`every contender returns the same data for ${options.queries.join(" and ")}; measuring\n`);
    }
    runs.push(...(await measureRounds(running, options, token, (fork - 1) * options.rounds + 1)));
  }
  const summary = summarize({
    runs,
    queries: options.queries,
    contenders: [...running.keys()].map((name) => ({ name, label: labelOf(name, options) })),
    statements: (query: QueryName, name: ContenderName) => statements.get(`${query}/${name}`)!,
  });
  const times = finish();
  const markdown = writeReport(resultsDir, { ...times, conditions: conditions(options, times.startedAt), options, summary, runs });
  console.log(`\n${markdown}\nwritten to ${path.relative(process.cwd(), resultsDir)}/results.{md,json,svg}`);
  return runs;
}

async function main(): Promise<void> {
  const options = benchOptions(process.argv.slice(2), process.env);
  const finish = startRunClock();
  const runId = `skein-bench-${process.pid}`;
  if (existsSync(path.join(projectRoot, ".env"))) console.log("warning: Skein reads .env too, so what it sets there changes Skein as shipped");
  console.log(`seeding ${seedSize.users} users × ${seedSize.itemsPerUser} items...`);
  const database = await seededDatabase(seedSize);
  mkdirSync(resultsDir, { recursive: true });
  const logFd = openSync(skeinLog, "w");
  const setup: ContenderSetup = {
    databaseUrl: database.url,
    redisUrl: process.env.REDIS_URL,
    jwtSecret: randomBytes(32).toString("hex"),
    runId,
    logFd,
    skeinEnv: options.skeinEnv,
    skeinB: options.skeinB,
    nodeArgs: shippedNodeArgs(),
    cpuProfileDir: options.cpuProfile ? profilesDir : undefined,
  };
  const running = new Map<ContenderName, RunningContender>();
  let runs: Run[] = [];
  try {
    runs = await bench(options, setup, running, finish);
  } finally {
    await Promise.allSettled([...running.values()].map((contender) => contender.stop()));
    closeSync(logFd);
    await database.drop();
    if (setup.redisUrl) await deleteKeysUnder(setup.redisUrl, `${runId}:`);
  }
  const skein = running.get("skein");
  if (!skein) return;
  const logSize = `${(await countLines(skeinLog)).toLocaleString("en-US")} lines, ${(statSync(skeinLog).size / 1e6).toFixed(1)} MB`;
  console.log(`Skein's JSON log: ${logSize} in ${path.relative(process.cwd(), skeinLog)}`);
  if (!options.cpuProfile) return;
  const profiled = (["skein", "skein-b"] as const).flatMap((name) => {
    const pid = running.get(name)?.pid;
    return pid === undefined ? [] : [{ name, label: labelOf(name, options), pid }];
  });
  printSkeinProfiles(profilesDir, profiled, runs, options.queries, projectRoot, profileTop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
