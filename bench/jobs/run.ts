// npm run bench:jobs: 2,000 WELCOME_EMAIL jobs started through GraphQL
// (sendWelcomeEmail, one per user) on one API process, run by 1 then 2
// worker processes, mailed to a local SMTP sink: jobs per second from the
// first mutation to the last COMPLETED, queue wait, and every email
// received exactly once.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { Pool } from "undici";
import { projectRoot } from "../../src/config";
import { TokenSigner } from "../../src/identity/tokens";
import { freePort } from "../../test/support/free-port";
import { scrape, sumOf } from "../../test/support/prometheus";
import { type SmtpSink, startSmtpSink } from "../../test/support/smtp-sink";
import { shippedNodeArgs } from "../contenders";
import { seededDatabase } from "../database";
import { jobStackEnv, jobStackJwtSecret } from "../job-stack";
import { startServerProcess } from "../process";
import { processCpuSeconds } from "../process-cpu";
import { formatTopFunctions, readProfileOf, topFunctions } from "../profile/top-functions";
import { deleteKeysUnder } from "../redis-keys";
import { benchClientApplicationName, postgresCpuSecondsBetween, postgresCpuSnapshot, postmasterPid, redisCpuSeconds } from "./server-cpu";
import { histogramQuantile, markdownTable, milliseconds, percentile, publishResults } from "../tables";

const jobCount = Number(process.env.BENCH_JOBS ?? 2_000);
const workerCounts = (process.env.BENCH_WORKERS ?? "1,2").split(",").map(Number);
const workerConcurrency = process.env.BENCH_WORKER_CONCURRENCY ?? "32";
const mutationConcurrency = 64;
/**
 * BENCH_WARMUP_JOBS=N (default 0): N more jobs, for N other users, go through
 * the API and each row's fresh workers before the measured ones, so the row
 * shows processes past their first seconds (code still interpreted and
 * being compiled, caches cold), as a server that has been up a while is.
 * Their emails are checked for duplicates with the measured ones.
 */
const warmupJobs = Number(process.env.BENCH_WARMUP_JOBS ?? 0);
/** BENCH_CPU_PROF=1: the API and worker processes run under `node --cpu-prof`; their top functions are printed at the end. */
const profileDir = process.env.BENCH_CPU_PROF === "1" ? mkdtempSync(path.join(os.tmpdir(), "skein-jobs-profile-")) : undefined;
/** The API and the workers run as shipped: the Dockerfile gives both npm start's flags (NODE_OPTIONS). */
const nodeArgs = [...shippedNodeArgs(), ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])];
const profiledPids: Array<{ label: string; pid: number }> = [];

interface User {
  id: number;
  email: string;
  token: string;
}

async function startWorker(env: Record<string, string>): Promise<{ child: ChildProcess; metricsUrl: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, path.join(projectRoot, "dist/src/worker.js"), "--concurrency", workerConcurrency], {
    env: { ...process.env, ...env, METRICS_PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const metricsUrl = `http://127.0.0.1:${port}`;
  while (!(await fetch(`${metricsUrl}/metrics`).then((response) => response.ok, () => false))) await sleep(100);
  return { child, metricsUrl };
}

/** Runs `task` over `items`, `concurrency` at a time. */
async function pool<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: concurrency }, async () => {
    while (next < items.length) await task(items[next++]);
  });
  await Promise.all(lanes);
}

/** One document for every user, as a client sends it: the server parses and compiles it once. */
const sendWelcomeEmailMutation = "mutation SendWelcomeEmail($userId: ID!) { sendWelcomeEmail(userId: $userId) { id } }";

type Answer = { data?: { sendWelcomeEmail: { id: string } }; errors?: unknown[] };

/**
 * The bench's HTTP client: a few kept-alive connections, each carrying
 * several requests at once (HTTP/1.1 pipelining). fetch spent about 1.3 ms
 * of this process's CPU per mutation on a 2-core machine the server shares;
 * each job is still started by its own POST /graphql.
 */
const clientConnections = 8;
const requestsPerConnection = mutationConcurrency / clientConnections;

async function sendWelcomeEmail(client: Pool, user: User): Promise<Answer> {
  const { body } = await client.request({
    path: "/graphql",
    method: "POST",
    signal: AbortSignal.timeout(30_000),
    headers: { "content-type": "application/json", authorization: `Bearer ${user.token}` },
    body: JSON.stringify({ query: sendWelcomeEmailMutation, variables: { userId: String(user.id) } }),
  });
  return (await body.json()) as Answer;
}

/** Every SQL statement the processes at `urls` ran so far (skein_db_statements_total, all pools). */
async function statements(urls: string[]): Promise<number> {
  const counts = await Promise.all(urls.map(async (url) => sumOf(await scrape(url), "skein_db_statements_total")));
  return counts.reduce((sum, count) => sum + count, 0);
}

/** CPU seconds process `pid` has used so far; NaN (printed as such) where /proc cannot tell. */
const cpuSeconds = (pid: number): number => processCpuSeconds(pid) ?? Number.NaN;

/** Where the run's servers are, to read their CPU time. */
interface Servers {
  /** See postmasterPid. */
  postmaster: string | undefined;
  redisUrl: string;
}

interface Started {
  jobIds: number[];
  startedFor: User[];
  failures: string[];
}

/** One sendWelcomeEmail per user, `mutationConcurrency` in flight. */
async function startJobs(url: string, users: User[]): Promise<Started> {
  const started: Started = { jobIds: [], startedFor: [], failures: [] };
  const client = new Pool(url, { connections: clientConnections, pipelining: requestsPerConnection });
  await pool(users, mutationConcurrency, async (user) => {
    const body = await sendWelcomeEmail(client, user).catch((error: unknown): Answer => ({ errors: [String(error)] }));
    if (!body.data) return void started.failures.push(JSON.stringify(body.errors).slice(0, 200));
    started.jobIds.push(Number(body.data.sendWelcomeEmail.id));
    started.startedFor.push(user);
  });
  await client.close();
  if (started.failures.length > 0) console.error(`${started.failures.length} mutations answered errors, e.g. ${started.failures[0]}`);
  return started;
}

/** Waits (5 minutes at most) until every job in `jobIds` is COMPLETED or FAILED. */
async function untilFinished(database: pg.Pool, jobIds: number[]): Promise<void> {
  const finished = async () =>
    (await database.query<{ done: number }>(`select count(*)::int as done from jobs where id = any($1) and state in ('COMPLETED', 'FAILED')`, [jobIds])).rows[0].done;
  for (const deadline = Date.now() + 300_000; (await finished()) < jobIds.length && Date.now() < deadline; ) await sleep(100);
}

async function run(api: { url: string; pid: number }, users: { measured: User[]; warmup: User[] }, sink: SmtpSink, database: pg.Pool, env: Record<string, string>, servers: Servers, workers: number): Promise<string[]> {
  const { url } = api;
  sink.received.splice(0);
  const started = await Promise.all(Array.from({ length: workers }, () => startWorker(env)));
  if (users.warmup.length > 0) await untilFinished(database, (await startJobs(url, users.warmup)).jobIds);
  const workerUrls = started.map((worker) => worker.metricsUrl);
  const statementsBefore = await statements([url, ...workerUrls]);
  const workerCpu = () => started.reduce((sum, worker) => sum + cpuSeconds(worker.child.pid!), 0);
  const cpuBefore = {
    api: cpuSeconds(api.pid),
    workers: workerCpu(),
    client: process.cpuUsage(),
    postgres: await postgresCpuSnapshot(database, servers.postmaster),
    redis: await redisCpuSeconds(servers.redisUrl),
  };
  const startedAt = Date.now();
  const { jobIds, startedFor } = await startJobs(url, users.measured);
  const mutationsMs = Date.now() - startedAt;
  const apiCpuMs = ((cpuSeconds(api.pid) - cpuBefore.api) * 1_000) / jobIds.length;
  const clientCpu = process.cpuUsage(cpuBefore.client);
  const clientCpuMs = (clientCpu.user + clientCpu.system) / 1_000 / jobIds.length;
  await untilFinished(database, jobIds);
  const { rows } = await database.query<{ created: Date; finished: Date; state: string }>(
    `select created_at as created, finished_at as finished, state from jobs where id = any($1)`,
    [jobIds],
  );
  const postgresCpu = await postgresCpuSnapshot(database, servers.postmaster);
  const redisCpu = await redisCpuSeconds(servers.redisUrl);
  const lastFinished = Math.max(...rows.map((row) => row.finished?.getTime() ?? Number.NaN));
  const seconds = (lastFinished - startedAt) / 1_000;
  const endToEnd = rows.map((row) => row.finished.getTime() - row.created.getTime());
  await sleep(1_000); // a duplicate would arrive now
  const sqlPerJob = ((await statements([url, ...workerUrls])) - statementsBefore) / jobIds.length;
  const workerCpuMs = ((workerCpu() - cpuBefore.workers) * 1_000) / jobIds.length;
  const perJob = (seconds: number | undefined) => (seconds === undefined ? "–" : `${((seconds * 1_000) / jobIds.length).toFixed(1)} ms`);
  const perRecipient = new Map<string, number>();
  for (const mail of sink.received) for (const to of mail.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
  const lost = startedFor.filter((user) => !perRecipient.has(user.email)).length;
  const duplicated = [...perRecipient.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
  const queueWait = (share: number) => histogramQuantile(workerUrls, "skein_job_wait_seconds", share, { name: "WELCOME_EMAIL" });
  const row = [
    String(workers),
    `${jobIds.length.toLocaleString("en")} (${rows.filter((job) => job.state === "COMPLETED").length.toLocaleString("en")} COMPLETED)`,
    String(users.measured.length - jobIds.length),
    `${(mutationsMs / 1_000).toFixed(1)} s`,
    `${(jobIds.length / seconds).toFixed(0)} jobs/s`,
    `≤ ${milliseconds(await queueWait(0.5))}`,
    `≤ ${milliseconds(await queueWait(0.99))}`,
    milliseconds(percentile(endToEnd, 0.5)),
    milliseconds(percentile(endToEnd, 0.99)),
    sqlPerJob.toFixed(1),
    `${clientCpuMs.toFixed(1)} ms`,
    `${apiCpuMs.toFixed(1)} ms`,
    `${workerCpuMs.toFixed(1)} ms`,
    perJob(postgresCpu && cpuBefore.postgres && postgresCpuSecondsBetween(cpuBefore.postgres, postgresCpu)),
    perJob(redisCpu - cpuBefore.redis),
    startedFor.reduce((sum, user) => sum + (perRecipient.get(user.email) ?? 0), 0).toLocaleString("en"),
    String(lost),
    String(duplicated),
  ];
  for (const [index, worker] of started.entries()) {
    profiledPids.push({ label: `worker ${index + 1} of ${workers}`, pid: worker.child.pid! });
    worker.child.kill("SIGTERM");
    await once(worker.child, "exit");
  }
  return row;
}

async function main(): Promise<void> {
  const database = await seededDatabase({ users: jobCount + warmupJobs, itemsPerUser: 0 });
  const sink = await startSmtpSink();
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const suffix = `bench-jobs-${process.pid}`;
  const env = jobStackEnv(
    { databaseUrl: database.url, redisUrl, prefix: suffix },
    {
      SMTP_URL: sink.url,
      JOB_DISPATCH_POLL_MS: "500",
      RATE_LIMIT_SEND_WELCOME_EMAIL_MAX: "10000000",
    },
  );
  const api = await startServerProcess({ script: "src/main.js", env, nodeArgs });
  profiledPids.push({ label: "API", pid: api.pid });
  const db = new pg.Pool({ connectionString: database.url, max: 2, application_name: benchClientApplicationName });
  const tokens = new TokenSigner(jobStackJwtSecret, 3_600);
  try {
    const { rows } = await db.query<{ id: number; email: string }>(`select id::int, email from users order by id limit $1`, [jobCount + warmupJobs]);
    const signed = await Promise.all(rows.map(async (user) => ({ ...user, token: await tokens.sign({ id: user.id, role: "USER" }) })));
    const users = { measured: signed.slice(0, jobCount), warmup: signed.slice(jobCount) };
    const table: string[][] = [];
    const servers = { postmaster: await postmasterPid(db), redisUrl };
    for (const workers of workerCounts) table.push(await run(api, users, sink, db, env, servers, workers));
    publishResults(
      "jobs.md",
      `Jobs: ${jobCount.toLocaleString("en")} WELCOME_EMAIL jobs, sendWelcomeEmail through GraphQL, SMTP sink`,
      markdownTable(
        ["workers", "jobs started", "mutations failed", "mutations took", "mutation to COMPLETED", "queue wait p50", "queue wait p99", "job latency p50", "job latency p99", "SQL per job", "client CPU per job", "API CPU per job", "worker CPU per job", "PostgreSQL CPU per job", "Redis CPU per job", "emails", "lost", "duplicated"],
        table,
      ),
      `One API process and worker processes with --concurrency ${workerConcurrency}, both run with npm start's node flags (${shippedNodeArgs().join(" ")}, the Dockerfile's NODE_OPTIONS); ${mutationConcurrency} mutations in flight. Throughput = jobs / (last finished_at - first mutation); ` +
        `queue wait from the workers' skein_job_wait_seconds buckets (BullMQ ready to start); job latency = finished_at - created_at; SQL per job = statements the API and workers ran (skein_db_statements_total), over jobs; CPU per job = user + system CPU time ` +
        `of this bench's client (undici, 8 kept-alive connections pipelining 8 requests each; one POST per job) and of the API during the mutations and of all workers during the run, ` +
        `and of the PostgreSQL server (the backends of the bench's database but the bench's own, and the shared WAL writer, checkpointer...: not other databases' backends; – when it is not on this machine) and the Redis server (INFO cpu: other clients' work too) from the first mutation to the last COMPLETED, ` +
        `over jobs (steadier than throughput on a shared machine). ` +
        (warmupJobs > 0 ? `Before each row, ${warmupJobs.toLocaleString("en")} warm-up jobs of other users ran through the API and that row's workers (not in the numbers but queue wait, whose buckets count them too). ` : "") +
        `Measured ${new Date().toISOString().slice(0, 16)} on a shared 2-core machine (API, workers, bench, PostgreSQL and Redis on it).`,
    );
  } finally {
    await db.end();
    await api.stop();
    await sink.stop();
    await database.drop();
    await deleteKeysUnder(redisUrl, suffix);
  }
  if (profileDir) printProfiles(profileDir);
}

function printProfiles(dir: string): void {
  for (const { label, pid } of profiledPids) {
    console.log(`\n${label} (pid ${pid}): top 15 functions by self time\n\n${formatTopFunctions(topFunctions(readProfileOf(dir, pid), projectRoot, 15))}`);
  }
  console.log(`\nprofiles in ${dir}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
