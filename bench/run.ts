import "reflect-metadata";
import autocannon from "autocannon";
import { graphql } from "../test/__generated__";
import { print } from "graphql";
import { seededDatabase } from "./database";
import { startServer } from "./server";

/**
 * Throughput of the nested catalog query with and without the rate limits
 * and cost analysis, in one run on one seeded database. Each mode runs
 * twice, alternating, so a neighbour's load on the machine hits both alike.
 *
 * `npm run build && npm run bench`; DATABASE_URL (a server to create a
 * scratch database on; default: embedded) and REDIS_URL (default: none, so
 * limits count in-process) are read from the environment.
 */
const NestedCatalog = graphql(`
  query BenchNestedCatalog { users(first: 50) { nodes { items(first: 10) { nodes { owner { name } } } } } }
`);

const rounds = 2;
const warmUpSeconds = 2;
const measureSeconds = 8;
const connections = 20;

const modes = [
  { name: "limits + cost analysis on", env: { LIMITS_ENABLED: "true" } },
  { name: "off (LIMITS_ENABLED=false)", env: { LIMITS_ENABLED: "false" } },
] as const;

interface Measurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
}

async function measure(env: Record<string, string>): Promise<Measurement> {
  const server = await startServer(env);
  try {
    const request = {
      url: `${server.url}/graphql`,
      method: "POST" as const,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: print(NestedCatalog) }),
      connections,
    };
    await autocannon({ ...request, duration: warmUpSeconds });
    const result = await autocannon({ ...request, duration: measureSeconds });
    return { requestsPerSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, failed: result.non2xx + result.errors };
  } finally {
    await server.stop();
  }
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

async function main(): Promise<void> {
  const database = await seededDatabase({ users: 100, itemsPerUser: 20 });
  const env = {
    NODE_ENV: "production",
    JWT_SECRET: "bench-secret-that-is-at-least-32-characters",
    LOG_LEVEL: "warn",
    DATABASE_URL: database.url,
    REDIS_KEY_PREFIX: `bench:${process.pid}:`,
    // The check runs on every request, but one client must never be refused.
    CLIENT_RATE_LIMIT_MAX: "1000000000",
  };
  const results = new Map<string, Measurement[]>(modes.map((mode) => [mode.name, []]));
  try {
    for (let round = 0; round < rounds; round++) {
      for (const mode of modes) results.get(mode.name)!.push(await measure({ ...env, ...mode.env }));
    }
  } finally {
    await database.drop();
  }
  console.log(`\nusers(first: 50) > items(first: 10) > owner { name }; ${connections} connections, ${rounds} x ${measureSeconds} s per mode, Redis: ${process.env.REDIS_URL ? "yes" : "no (in-process)"}\n`);
  console.table(
    modes.map(({ name }) => {
      const runs = results.get(name)!;
      return {
        mode: name,
        "requests/s": Math.round(mean(runs.map((run) => run.requestsPerSecond))),
        "p50 ms": mean(runs.map((run) => run.p50Ms)),
        "p99 ms": mean(runs.map((run) => run.p99Ms)),
        "failed requests": runs.reduce((sum, run) => sum + run.failed, 0),
      };
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
