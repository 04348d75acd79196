import { spawn } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../../src/config";

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

/** Runs a Node entry point to completion; SIGTERMs it after `timeoutMs` (for a test of a process that must exit by itself). */
export function runNode(entry: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs?: number): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], { env, cwd: projectRoot, timeout: timeoutMs });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
