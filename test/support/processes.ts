import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../../src/config";
import { GraphQLClient } from "./client";
import { freePort } from "./free-port";
import { unique } from "./fixtures";
import { roomyLimits, testJwtSecret } from "./server";

export const distEntry = (relative: string): string => path.join(projectRoot, "dist", "src", relative);

/** A clean environment: only what a process needs, never the test runner's database settings. */
export function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test", ...extra };
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a Node entry point to completion. */
export function runNode(entry: string, args: string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], { env, cwd: projectRoot });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Resolves with the first JSON log line whose `msg` is `message`; rejects if the process exits first. */
export function waitForLog(child: ChildProcess, message: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    let output = "";
    const onData = (chunk: Buffer) => {
      buffered += chunk;
      output += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          if (entry.msg === message) {
            child.stdout?.off("data", onData);
            resolve(entry);
          }
        } catch {
          // Not a log line (a library writing to stdout); keep reading.
        }
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.once("exit", (code) => reject(new Error(`exited with ${code} before "${message}":\n${output}`)));
  });
}

/** Sends `signal` and resolves with the exit code. */
export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.kill(signal);
  });
}

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
    // Like in-process test servers: limits no test reaches, and Redis keys of its own.
    env: { PATH: process.env.PATH, NODE_ENV: "test", LOG_LEVEL: "info", JWT_SECRET: testJwtSecret, REDIS_KEY_PREFIX: `test:${unique()}:`, ...roomyLimits, ...env },
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
