import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { Redis } from "ioredis";
import { unique } from "./fixtures";
import { freePort } from "./free-port";

export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error("TEST_REDIS_URL is not set: these tests need a real Redis");
  return url;
}

/**
 * Server settings for the machine's shared Redis with a key prefix of this
 * test's own: tests running at the same time never see each other's keys,
 * and nothing is flushed.
 */
export const sharedRedisEnv = (prefix = `test:${unique()}:`) => ({ REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: prefix });

/** Deletes the keys matching `pattern` on the shared Redis: what a test wrote under its own prefix. */
export async function deleteKeysMatching(pattern: string, url = testRedisUrl()): Promise<void> {
  // No reconnecting: a test may have stopped this Redis on purpose.
  const redis = new Redis(url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
  redis.on("error", () => undefined);
  try {
    for await (const keys of redis.scanStream({ match: pattern, count: 1000 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

/** Deletes the keys a test's servers wrote under its prefix (some live a day, APQ's). */
export const deleteKeys = (env: { REDIS_URL: string; REDIS_KEY_PREFIX: string }): Promise<void> =>
  deleteKeysMatching(`${env.REDIS_KEY_PREFIX}*`, env.REDIS_URL);

/** A redis-server of the test's own (never the machine's shared one), on a free port, that it may stop and start again. */
export class PrivateRedis {
  private process: ChildProcess | undefined;

  /** `args`: more redis-server arguments (`--replicaof 127.0.0.1 PORT` makes a replica). */
  private constructor(
    readonly port: number,
    private readonly args: readonly string[],
  ) {}

  static async start(args: readonly string[] = []): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), args);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server unless it runs (idempotent); it comes up empty. */
  async start(): Promise<void> {
    if (this.process) return;
    this.process = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...this.args], { stdio: "ignore" });
    const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: 0 });
    probe.on("error", () => undefined); // refused until the server listens
    try {
      for (let attempt = 0; attempt < 100; attempt++) {
        if ((await probe.ping().catch(() => "")) === "PONG") return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`redis-server on ${this.port} did not start`);
    } finally {
      probe.disconnect();
    }
  }

  /** Stops the server (idempotent); clients see the connection drop. SIGKILL: a crash, with nothing flushed or said to its replicas. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const running = this.process;
    this.process = undefined;
    if (!running || running.exitCode !== null) return;
    running.kill(signal);
    await once(running, "exit");
  }
}
