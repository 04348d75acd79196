import "reflect-metadata";
import fc from "fast-check";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { createItem, signUpUser } from "../support/fixtures";
import { startTestServer } from "../support/server";
import { type FuzzRequest, fuzzRequest, viewerToken } from "./arbitraries";
import { type Answer, expressPath, faultOf, fastPath, send } from "./compare";

/**
 * `npm run fuzz`: random bodies, headers, documents and variables sent to
 * the fast path and to the Express path of one running server, side by side,
 * for FUZZ_SECONDS (default 60). Fails on any 5xx, any request left unanswered, any crash of the process
 * (the server runs in it) and any difference between the two answers
 * (status, content type, body). FUZZ_SEED replays a run.
 */
const seconds = Number(process.env.FUZZ_SECONDS ?? 60);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
/** Failures printed in full; the rest are counted. */
const shownMax = 10;

interface Failure {
  fault: string;
  request: FuzzRequest;
  fast: Answer;
  express: Answer;
}

const print = (line: string) => process.stdout.write(`${line}\n`);

for (const event of ["uncaughtException", "unhandledRejection"] as const) {
  process.on(event, (error) => {
    print(`fuzz: the process crashed (${event}): ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(2);
  });
}

async function main(): Promise<number> {
  const database: TestDatabase = await createTestDatabase();
  // Production mode, as a deployment runs: no stack traces in errors (their frames differ by path, and no client sees them).
  const server = await startTestServer(database, { NODE_ENV: "production" });
  const failures: Failure[] = [];
  let runs = 0;
  /** How the fast path answered, by status: shows what the run reached. */
  const statuses = new Map<number, number>();
  try {
    const seller = await signUpUser(server.client, "Fuzz");
    await createItem(seller);
    const property = fc.asyncProperty(fuzzRequest, async (generated) => {
      runs += 1;
      const signedIn = generated.headers.authorization === viewerToken;
      const request = signedIn ? { ...generated, headers: { ...generated.headers, authorization: `Bearer ${seller.token}` } } : generated;
      const fast = await send(server.url, fastPath, request);
      const express = await send(server.url, expressPath, request);
      statuses.set(fast.status, (statuses.get(fast.status) ?? 0) + 1);
      const fault = faultOf(fast, express);
      if (fault) failures.push({ fault, request, fast, express });
    });
    await fc.assert(property, { seed, numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: seconds * 1000, markInterruptAsFailure: false });
  } finally {
    await server.stop();
    await database.drop();
  }
  for (const failure of failures.slice(0, shownMax)) print(JSON.stringify(failure));
  const byFault = new Map<string, number>();
  for (const { fault } of failures) byFault.set(fault, (byFault.get(fault) ?? 0) + 1);
  print(`fuzz: answers by status ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
  print(`fuzz: ${runs} runs in ${seconds} s (seed ${seed}), ${failures.length} failures${failures.length ? `: ${JSON.stringify(Object.fromEntries(byFault))}` : ""}`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    print(`fuzz: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(2);
  },
);
