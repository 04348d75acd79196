import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { after, before } from "node:test";
import { projectRoot } from "../../src/config";
import { GraphQLClient } from "./client";
import { type TestDatabase, createTestDatabase } from "./database";
import { unique } from "./fixtures";
import { freePort } from "./free-port";
import { type LogLine } from "./logs";
import { baseEnv, distEntry } from "./processes";
import { roomyLimits, testJwtSecret } from "./server";

type Exit = { code: number | null; signal: NodeJS.Signals | null };

/** A Skein process (API or worker) started from dist/, as production starts it. */
export interface SkeinProcess {
  child: ChildProcess;
  /** Every JSON line the process (and its cluster workers) wrote to stdout so far. */
  logs: LogLine[];
  /** Raw stdout and stderr, for assertions on what was written at all. */
  output(): string;
  exited: Promise<Exit>;
  waitForLogs(predicate: (line: LogLine) => boolean, count?: number, timeoutMs?: number): Promise<LogLine[]>;
  /** Sends `signal` to the process, without waiting for anything. */
  signal(signal: NodeJS.Signals): void;
  /** Sends `signal` to the process and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
  /** SIGKILLs the process group if it is still running: for `after`, so a failed test never leaves a process behind. */
  kill(): Promise<void>;
}

export interface ServerProcess extends SkeinProcess {
  url: string;
  port: number;
  client: GraphQLClient;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  args?: string[];
  /** How many times `readyMessage` must be logged (a cluster logs it once per API process). */
  readyLines?: number;
  /** Started as `npm run <script> -- <args>` (package.json's command for it) rather than node directly. */
  npmScript?: string;
}

/**
 * `node dist/src/<entry>` as a child process, resolved once it has logged
 * `readyMessage`. Like in-process test servers it gets limits no test
 * reaches and Redis keys of its own, unless `env` says otherwise.
 */
async function spawnSkein(entry: string, readyMessage: string, { env = {}, args = [], readyLines = 1, npmScript }: SpawnOptions): Promise<SkeinProcess> {
  const [command, commandArgs] = npmScript ? ["npm", ["run", "--silent", npmScript, "--", ...args]] : [process.execPath, [distEntry(entry), ...args]];
  const child = spawn(command, commandArgs, {
    cwd: projectRoot,
    env: baseEnv({ LOG_LEVEL: "info", JWT_SECRET: testJwtSecret, REDIS_KEY_PREFIX: `test:${unique()}:`, ...roomyLimits, ...env }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // Its own process group: kill() reaches cluster workers too.
  });
  const logs: LogLine[] = [];
  const signalsSent = new Set<string>();
  let raw = "";
  const listeners = new Set<() => void>();
  createInterface({ input: child.stdout! }).on("line", (line) => {
    raw += `${line}\n`;
    let logged: LogLine;
    try {
      logged = JSON.parse(line) as LogLine;
    } catch {
      return;
    }
    logs.push(logged);
    if (logged.msg === "shutting down" && typeof logged.signal === "string" && !signalsSent.has(logged.signal)) {
      // No test sends it this way: say so in the run's output, where a test failing for it shows only what its clients saw.
      process.stderr.write(`${entry} (pid ${child.pid}) got ${logged.signal} from outside its test\n`);
    }
    for (const listener of listeners) listener();
  });
  child.stderr!.on("data", (chunk: Buffer) => (raw += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

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
        reject(new Error(`${entry} exited while waiting for logs; output:\n${raw.slice(-3_000)}`));
      });
      check();
    });

  const spawned: SkeinProcess = {
    child,
    logs,
    output: () => raw,
    exited,
    waitForLogs,
    signal: (signal) => {
      signalsSent.add(signal);
      child.kill(signal);
    },
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) spawned.signal(signal);
      return exited;
    },
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
    // Longer than a log wait: processes a test starts together, beside another test file's, share two cores.
    await waitForLogs((line) => line.msg === readyMessage, readyLines, 60_000);
  } catch (error) {
    await spawned.kill();
    throw error;
  }
  return spawned;
}

/** The API (`npm start`) against `databaseUrl` ("": the embedded PostgreSQL), on a free port. */
export async function spawnServer(databaseUrl: string, { env = {}, ...options }: SpawnOptions = {}): Promise<ServerProcess> {
  const port = await freePort();
  const spawned = await spawnSkein("main.js", "Skein is serving", {
    ...options,
    env: { HOST: "127.0.0.1", PORT: String(port), DATABASE_URL: databaseUrl, ...env },
  });
  const url = `http://127.0.0.1:${port}`;
  return { ...spawned, url, port, client: new GraphQLClient(url) };
}

/** What `spawnedServerPerSuite` hands a describe block; both are set once its `before` hook has run. */
export interface SuiteServer {
  database: TestDatabase;
  server: ServerProcess;
}

/** Call inside `describe`: the API on a database of its own, started before the block's tests and removed after them. */
export function spawnedServerPerSuite(options: SpawnOptions = {}): SuiteServer {
  const suite = {} as SuiteServer;
  before(async () => {
    suite.database = await createTestDatabase();
    suite.server = await spawnServer(suite.database.url, options);
  });
  after(async () => {
    await suite.server?.kill();
    await suite.database?.drop();
  });
  return suite;
}

/** `npm run worker -- --concurrency N`, as a separate process. */
export const spawnWorker = (env: Record<string, string>, concurrency = 2): Promise<SkeinProcess> =>
  spawnSkein("worker.js", "worker is running", { env, args: ["--concurrency", String(concurrency)] });
