// npm run bench:subscriptions: N graphql-ws subscribers of one user's jobs on
// one API process (clients in processes of their own), report jobs run by a
// separate worker; delivery latency from the job row's updatedAt to the
// client, server RSS per connection, connect time, events lost.
// BENCH_CPU_PROF=1 (or --cpu-prof) runs the API under `node --cpu-prof` and
// prints its top functions while the events were delivered;
// BENCH_CLIENT_CPU_PROF=1 does the same for the first client process.
// BENCH_EVENT_PAUSE_MS paces the events: the worker waits that long after
// each chunk of a report (REPORT_CHUNK_PAUSE_MS), as reading and writing a
// large report's chunk would take, and BENCH_JOB_GAP_MS spaces the jobs'
// starts, so their events interleave instead of arriving three at a time;
// 0 and 0 (the defaults) publish them as fast as the worker can.
// BENCH_API_ROOT=<checkout> runs that checkout's built API instead of this one's.
import { type ChildProcess, fork, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { projectRoot } from "../../src/config";
import { TokenSigner } from "../../src/identity/tokens";
import { readMetric } from "../../test/support/metrics";
import { seededDatabase } from "../database";
import { jobStackEnv, jobStackJwtSecret } from "../job-stack";
import { startServerProcess } from "../process";
import { monotonicUs } from "../measure";
import { formatTopFunctions, readProfileOf, type TimeWindow, topFunctions } from "../profile/top-functions";
import { type ClientReport } from "./clients";
import { watchPublishTimes } from "./publish-times";
import { deleteKeysUnder } from "../redis-keys";
import { histogramQuantile, markdownTable, milliseconds, percentile, publishResults } from "../tables";

const sizes = (process.env.BENCH_SUBSCRIBERS ?? "1000,5000,10000").split(",").map(Number);
const clientProcesses = Number(process.env.BENCH_CLIENT_PROCESSES ?? 3);
const reportJobs = 3;
const cpuProfile = process.argv.includes("--cpu-prof") || process.env.BENCH_CPU_PROF === "1";
const clientCpuProfile = process.env.BENCH_CLIENT_CPU_PROF === "1";
const eventPauseMs = Number(process.env.BENCH_EVENT_PAUSE_MS ?? 0);
const jobGapMs = Number(process.env.BENCH_JOB_GAP_MS ?? 0);
const profileTop = 25;
/** BENCH_API_ROOT: another checkout whose built API (dist/) serves the subscribers, to compare two versions with the same bench, worker and clients. */
const apiRoot = process.env.BENCH_API_ROOT ?? projectRoot;
/** When each row's jobs ran and were delivered: the profile's samples that count. */
const deliveryWindows: TimeWindow[] = [];

type ClientMessage =
  | { type: "ready" }
  | { type: "connected"; connected: number; ms: number }
  | { type: "closed"; code: number }
  | ({ type: "report" } & ClientReport);

/** A forked client process and the next message of a type it sends; `profileDir`: run it under `node --cpu-prof`. */
function startClient(profileDir?: string): { child: ChildProcess; next<T extends ClientMessage["type"]>(type: T): Promise<Extract<ClientMessage, { type: T }>>; closes: number[] } {
  const execArgv = profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [];
  const child = fork(path.join(__dirname, "clients.js"), { stdio: "inherit", execArgv });
  const closes: number[] = [];
  child.on("message", (message: ClientMessage) => message.type === "closed" && closes.push(message.code));
  return {
    child,
    closes,
    next: (type) =>
      new Promise((resolve) => {
        const listener = (message: ClientMessage) => {
          if (message.type !== type) return;
          child.off("message", listener);
          resolve(message as never);
        };
        child.on("message", listener);
      }),
  };
}

/** A GraphQL request; a connection the busy server reset is tried again. */
async function graphqlRequest(url: string, token: string, query: string, attempts = 3): Promise<unknown> {
  try {
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return await response.json();
  } catch (error) {
    if (attempts <= 1) throw error;
    await sleep(500);
    return graphqlRequest(url, token, query, attempts - 1);
  }
}

async function completedJobs(url: string, token: string): Promise<number> {
  const answer = (await graphqlRequest(url, token, "{ jobs(first: 1, state: COMPLETED) { totalCount } }")) as { data?: { jobs: { totalCount: number } } };
  return answer.data?.jobs.totalCount ?? 0;
}

async function until(test: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await sleep(200)) if (await test()) return true;
  return false;
}

/** The first client process's profile directory, when profiled; its pid per row. */
const clientProfileDir = clientCpuProfile ? mkdtempSync(path.join(tmpdir(), "skein-subs-client-profile-")) : undefined;
const profiledClients: number[] = [];

async function measure(url: string, token: string, subscribers: number, eventsChannel: { redisUrl: string; channel: string }): Promise<string[]> {
  const rssBefore = await readMetric(url, "process_resident_memory_bytes");
  const clients = Array.from({ length: clientProcesses }, (_, index) => startClient(index === 0 ? clientProfileDir : undefined));
  if (clientProfileDir) profiledClients.push(clients[0].child.pid ?? 0);
  await Promise.all(clients.map((client) => client.next("ready")));
  const share = (index: number) => Math.floor(subscribers / clientProcesses) + (index < subscribers % clientProcesses ? 1 : 0);
  const connectedMessages = clients.map((client) => client.next("connected"));
  clients.forEach((client, index) => client.child.send({ type: "start", start: { url, token, sockets: share(index) } }));
  const connects = await Promise.all(connectedMessages);
  const connected = connects.reduce((sum, message) => sum + message.connected, 0);
  await until(async () => (await readMetric(url, "skein_graphql_subscriptions_active")) >= connected, 60_000);
  await sleep(2_000);
  const rssAfter = await readMetric(url, "process_resident_memory_bytes");

  const executedBefore = await readMetric(url, "skein_subscription_executions_total");
  const completedBefore = await completedJobs(url, token);
  const serverCpuBefore = await readMetric(url, "process_cpu_seconds_total");
  const serverSystemCpuBefore = await readMetric(url, "process_cpu_system_seconds_total");
  const published = await watchPublishTimes(eventsChannel.redisUrl, eventsChannel.channel);
  const fromUs = monotonicUs();
  for (let job = 0; job < reportJobs; job++) {
    if (job > 0 && jobGapMs > 0) await sleep(jobGapMs);
    await graphqlRequest(url, token, "mutation { generateReport(kind: INVENTORY_CSV) { id } }");
  }
  await until(async () => (await completedJobs(url, token)) >= completedBefore + reportJobs, 120_000);
  await sleep(3_000); // the tail of the deliveries
  deliveryWindows.push({ fromUs, toUs: monotonicUs() });
  published.stop();
  const executed = (await readMetric(url, "skein_subscription_executions_total")) - executedBefore;
  const serverCpu = (await readMetric(url, "process_cpu_seconds_total")) - serverCpuBefore;
  const serverSystemCpu = (await readMetric(url, "process_cpu_system_seconds_total")) - serverSystemCpuBefore;
  // Since the process started: every row so far, the same server.
  const serverP99 = await histogramQuantile([url], "skein_subscription_delivery_seconds", 0.99);

  const reports = await Promise.all(clients.map((client) => (client.child.send({ type: "report" }), client.next("report"))));
  const arrivals = reports.flatMap((report) => report.events);
  const sinceUpdate = arrivals.flatMap(({ updatedAt, arrivals: times }) => times.map((time) => time - updatedAt));
  // An event the watcher missed (none expected) counts from its updatedAt, the earlier time.
  const sincePublish = arrivals.flatMap(({ key, updatedAt, arrivals: times }) => times.map((time) => time - (published.publishedAt.get(key) ?? updatedAt)));
  const perSocket = reports.flatMap((report) => report.receivedPerSocket);
  const distinct = new Map(arrivals.map((event) => [event.key, event.updatedAt]));
  const events = distinct.size;
  // Every socket has a count in perSocket, connected or not: one never connected lost every event.
  const lost = perSocket.reduce((sum, received) => sum + (events - received), 0);
  const outOfOrder = reports.reduce((sum, report) => sum + report.outOfOrder, 0);
  const publishedOverMs = Math.max(...distinct.values()) - Math.min(...distinct.values());
  const delivered = perSocket.reduce((sum, received) => sum + received, 0);
  const closes = clients.flatMap((client) => client.closes);
  const closeCodes = [...new Set(closes)].map((code) => `${code} ×${closes.filter((one) => one === code).length}`).join(", ");
  for (const client of clients) {
    client.child.send({ type: "stop" });
    await once(client.child, "exit");
  }
  await sleep(2_000);
  return [
    subscribers.toLocaleString("en"),
    `${connected.toLocaleString("en")} in ${(Math.max(...connects.map((message) => message.ms)) / 1_000).toFixed(1)} s${closes.length ? ` (closed: ${closeCodes})` : ""}`,
    `${((rssAfter - rssBefore) / connected / 1_024).toFixed(1)} KB`,
    `${events} over ${milliseconds(publishedOverMs)}`,
    String(executed),
    milliseconds(percentile(sincePublish, 0.5)),
    milliseconds(percentile(sincePublish, 0.99)),
    milliseconds(percentile(sinceUpdate, 0.5)),
    milliseconds(percentile(sinceUpdate, 0.99)),
    Number.isNaN(serverP99) ? "> 5 s" : `≤ ${milliseconds(serverP99)}`,
    String(lost),
    String(outOfOrder),
    cpuPerMessage(serverCpu, delivered),
    cpuPerMessage(serverSystemCpu, delivered),
    cpuPerMessage(reports.reduce((sum, report) => sum + report.cpuMs, 0) / 1_000, delivered),
  ];
}

/** Seconds of CPU, and what they come to per delivered message (steadier than latency on a shared machine). */
const cpuPerMessage = (seconds: number, messages: number): string => `${seconds.toFixed(1)} s (${((seconds * 1e6) / Math.max(1, messages)).toFixed(1)} µs/msg)`;

async function main(): Promise<void> {
  const database = await seededDatabase({ users: 1, itemsPerUser: 1_000 });
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const suffix = `bench-subs-${process.pid}`;
  const env = jobStackEnv(
    { databaseUrl: database.url, redisUrl, prefix: suffix },
    {
      REPORT_CHUNK_ROWS: "250",
      REPORT_CHUNK_PAUSE_MS: String(eventPauseMs),
      RATE_LIMIT_GENERATE_REPORT_MAX: "10000000",
      // Every client socket is the same user's: the per-client caps would stop it at 20.
      WS_CONNECTIONS_PER_CLIENT_MAX: "10000000",
      WS_SUBSCRIPTIONS_PER_CLIENT_MAX: "10000000",
    },
  );
  const profileDir = cpuProfile ? mkdtempSync(path.join(tmpdir(), "skein-subs-profile-")) : undefined;
  const nodeArgs = profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [];
  const api = await startServerProcess({ script: "src/main.js", root: apiRoot, env, nodeArgs });
  const worker = spawn(process.execPath, [path.join(projectRoot, "dist/src/worker.js")], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
  const token = await new TokenSigner(jobStackJwtSecret, 3_600).sign({ id: 1, role: "USER" });
  try {
    const rows: string[][] = [];
    for (const subscribers of sizes) {
      rows.push(await measure(api.url, token, subscribers, { redisUrl, channel: `${suffix}:owner:1` }));
      console.log(rows.at(-1)?.join(" | "));
    }
    const table = markdownTable(
      ["subscribers", "connected", "server RSS per connection", "events (first to last updatedAt)", "executions", "publish to client p50", "publish to client p99", "updatedAt to client p50", "updatedAt to client p99", "server publish to write p99", "events lost", "out of order or twice", "server CPU", "of which in the kernel", "clients' CPU"],
      rows,
    );
    publishResults(
      "subscriptions.md",
      "Subscriptions: one API process, graphql-ws, myJobUpdated",
      table,
      `${reportJobs} INVENTORY_CSV report jobs per row, started ${jobGapMs} ms apart (BENCH_JOB_GAP_MS), one worker process pausing ${eventPauseMs} ms after each chunk (BENCH_EVENT_PAUSE_MS); ${clientProcesses} client processes, each checking every event on every socket (in order, once) and taking its arrival time before anything else; publish to client = client receive time minus the publish time the event's Redis envelope carries (read by the bench's own subscriber), the issue's delivery latency; updatedAt to client = client receive time minus the row's updatedAt, which adds the worker's time from its UPDATE to the publish (and, for a job's first event, the dispatcher's: the row's creation to its queueing); ` +
        `executions = skein_subscription_executions_total during the jobs; server p99 from skein_subscription_delivery_seconds buckets (cumulative over the rows); ` +
        `CPU = seconds of CPU the API process spent from the first job to the end of the deliveries (in the kernel: its system time, mostly the sockets' writes, which on loopback include the receiving side's TCP work), and the client processes from their sockets' connection to their report. Measured ${new Date().toISOString().slice(0, 16)} on a shared 2-core machine (API, worker, clients, PostgreSQL and Redis on it).`,
    );
  } finally {
    worker.kill("SIGTERM");
    await api.stop();
    await database.drop();
    await deleteKeysUnder(redisUrl, suffix);
  }
  if (clientProfileDir) {
    for (const pid of profiledClients) {
      const top = topFunctions(readProfileOf(clientProfileDir, pid), projectRoot, profileTop, deliveryWindows);
      console.log(`\nClient process ${pid}: top ${profileTop} functions by self time while the jobs ran and were delivered\n\n${formatTopFunctions(top)}`);
    }
  }
  if (profileDir) {
    const top = topFunctions(readProfileOf(profileDir, api.pid), projectRoot, profileTop, deliveryWindows);
    console.log(`\nAPI process: top ${profileTop} functions by self time while the jobs ran and were delivered\n\n${formatTopFunctions(top)}\n\nprofile in ${profileDir}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
