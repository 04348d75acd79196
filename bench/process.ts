import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { projectRoot } from "../src/config";
import { freePort } from "../test/support/free-port";

export interface ServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface ServerSpawn {
  /** A compiled entry point under dist/, such as "src/main.js". */
  script: string;
  /** The checkout whose dist/ holds `script`; default: this one. */
  root?: string;
  /** The whole environment besides PATH, HOST and PORT: none of the bench's own leaks in (a METRICS_PORT, say). */
  env: Record<string, string>;
  /** Flags for node itself (--cpu-prof). */
  nodeArgs?: string[];
  /** A file descriptor for the process's stdout (its logs); default: discarded. */
  stdout?: number;
}

/** Started within 30 s (Skein's first start compiles its schema), stopped within 20 s. */
const startTimeoutMs = 30_000;
const stopTimeoutMs = 20_000;

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), stopTimeoutMs);
  await exited.finally(() => clearTimeout(timer));
}

/** A server in a process of its own (so it shares no event loop with the bench); resolves once /healthz answers. */
export async function startServerProcess({ script, root = projectRoot, env, nodeArgs = [], stdout }: ServerSpawn): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, "dist", script)], {
    env: { PATH: process.env.PATH ?? "", ...env, HOST: "127.0.0.1", PORT: String(port) },
    stdio: ["ignore", stdout ?? "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopChild(child);
  for (const startedAt = Date.now(); Date.now() - startedAt < startTimeoutMs; await sleep(100)) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode} while starting`);
    if (await fetch(`${url}/healthz`).then((response) => response.ok, () => false)) return { url, pid: child.pid!, stop };
  }
  await stop();
  throw new Error(`${script} did not answer /healthz within ${startTimeoutMs / 1000} s`);
}
