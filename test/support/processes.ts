import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../../src/config";
import { GraphQLClient } from "./client";
import { freePort } from "./free-port";
import { testJwtSecret } from "./server";

/** A Skein process (API or worker) started from dist/, as production starts it. */
export interface SpawnedProcess {
  child: ChildProcess;
  /** Every log line so far, for a failing test's message. */
  output: string[];
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface SpawnedApi extends SpawnedProcess {
  url: string;
  client: GraphQLClient;
}

function start(script: "main" | "worker", env: Record<string, string>, readyMessage: string, args: string[] = []): Promise<SpawnedProcess> {
  const child = spawn(process.execPath, [path.join(projectRoot, "dist", "src", `${script}.js`), ...args], {
    env: { PATH: process.env.PATH, NODE_ENV: "test", LOG_LEVEL: "info", JWT_SECRET: testJwtSecret, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const spawned: SpawnedProcess = {
    child,
    output,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        output.push(line);
        if (line.includes(readyMessage)) resolve(spawned);
      }
    };
    child.stdout!.on("data", onLine);
    child.stderr!.on("data", onLine);
    void exited.then(() => reject(new Error(`${script} exited before it was ready:\n${output.join("\n")}`)));
  });
}

export async function spawnApi(env: Record<string, string>): Promise<SpawnedApi> {
  const port = await freePort();
  const spawned = await start("main", { HOST: "127.0.0.1", PORT: String(port), ...env }, "Skein is serving");
  const url = `http://127.0.0.1:${port}`;
  return { ...spawned, url, client: new GraphQLClient(url) };
}

/** `npm run worker -- --concurrency N`, as a separate process. */
export const spawnWorker = (env: Record<string, string>, concurrency = 2): Promise<SpawnedProcess> =>
  start("worker", env, "worker is running", ["--concurrency", String(concurrency)]);
