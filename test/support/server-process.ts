import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { freePort } from "./free-port";
import { baseEnv, distEntry } from "./processes";
import { testJwtSecret } from "./server";

export type LogLine = Record<string, unknown> & { msg?: string; requestId?: string; pid?: number };

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Every JSON line the process (and its cluster workers) wrote to stdout so far. */
  logs: LogLine[];
  /** Raw stdout and stderr, for assertions on what was written at all. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLogs(predicate: (line: LogLine) => boolean, count?: number, timeoutMs?: number): Promise<LogLine[]>;
  /** SIGKILLs the process group if it is still running: for `after`, so a failed test never leaves a server behind. */
  kill(): Promise<void>;
}

/**
 * `node dist/src/main.js` as a child process against `databaseUrl` ("": the
 * embedded PostgreSQL), once it has logged `servingLines` times that it is serving.
 */
export async function spawnServer(
  databaseUrl: string,
  { env = {}, args = [], servingLines = 1 }: { env?: Record<string, string>; args?: string[]; servingLines?: number } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [distEntry("main.js"), ...args], {
    env: baseEnv({ HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "info", DATABASE_URL: databaseUrl, JWT_SECRET: testJwtSecret, ...env }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // Its own process group: kill() reaches cluster workers too.
  });
  const logs: LogLine[] = [];
  let raw = "";
  const listeners = new Set<() => void>();
  createInterface({ input: child.stdout! }).on("line", (line) => {
    raw += `${line}\n`;
    try {
      logs.push(JSON.parse(line) as LogLine);
    } catch {
      return;
    }
    for (const listener of listeners) listener();
  });
  child.stderr!.on("data", (chunk: Buffer) => (raw += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );

  const waitForLogs = (predicate: (line: LogLine) => boolean, count = 1, timeoutMs = 30_000) =>
    new Promise<LogLine[]>((resolve, reject) => {
      const check = () => {
        const found = logs.filter(predicate);
        if (found.length < count) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${count} log line(s); output:\n${raw.slice(-3_000)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      void exited.then(() => {
        if (!listeners.has(check)) return;
        cleanup();
        reject(new Error(`the server exited while waiting for logs; output:\n${raw.slice(-3_000)}`));
      });
      check();
    });

  const server: ServerProcess = {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    logs,
    output: () => raw,
    exited,
    waitForLogs,
    kill: async () => {
      try {
        // The whole group, even when the primary is gone: an orphaned cluster worker would hold the port.
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // Nothing left in the group.
      }
      await exited;
    },
  };
  try {
    await waitForLogs((line) => line.msg === "Skein is serving", servingLines);
  } catch (error) {
    await server.kill();
    throw error;
  }
  return server;
}
