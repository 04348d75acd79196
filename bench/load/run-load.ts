import { fork } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { type LoadOptions, type LoadResult } from "./load";

/** Runs autocannon in a child process and returns its summary. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const child = fork(path.join(__dirname, "autocannon-child.js"), { stdio: "inherit" });
  const exited = once(child, "exit") as Promise<[number | null]>;
  const answered = once(child, "message") as Promise<[LoadResult]>;
  child.send(options);
  const outcome = await Promise.race([answered, exited.then(([code]) => Promise.reject(new Error(`autocannon exited with ${code}`)))]);
  await exited;
  return outcome[0];
}
