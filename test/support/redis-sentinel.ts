import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { freePort } from "./free-port";
import { PrivateRedis } from "./redis";

const masterName = "skein-test";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every 100 ms until it holds, for at most `timeoutMs`. */
async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** One question to a Redis or Sentinel on `port`, on a connection of its own that never retries. */
async function ask(port: number, command: string, ...args: string[]): Promise<unknown> {
  const redis = new Redis({ port, host: "127.0.0.1", lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    return await redis.call(command, ...args);
  } finally {
    redis.disconnect();
  }
}

/**
 * A Redis master, one replica of it and three Sentinels watching them
 * (quorum 2), each on a free port: the master fails over to the replica
 * about 1 to 3 s after it dies (down-after 1 s).
 */
export interface SentinelCluster {
  master: PrivateRedis;
  replica: PrivateRedis;
  masterName: string;
  /** REDIS_SENTINELS for Skein. */
  sentinelList: string;
  /** The port the Sentinels name as the master now. */
  masterPort(): Promise<number>;
  /** Resolves once the Sentinels name `port` as the master. */
  failedOverTo(port: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function sentinelConf(port: number, masterPort: number): string {
  return [
    `port ${port}`,
    "bind 127.0.0.1",
    `sentinel monitor ${masterName} 127.0.0.1 ${masterPort} 2`,
    `sentinel down-after-milliseconds ${masterName} 1000`,
    `sentinel failover-timeout ${masterName} 5000`,
    `sentinel parallel-syncs ${masterName} 1`,
    "",
  ].join("\n");
}

export async function startSentinelCluster(): Promise<SentinelCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), "skein-sentinel-"));
  // The folder takes the RDB files a full sync writes, which would otherwise land in the working directory.
  const master = await PrivateRedis.start(["--dir", dir]);
  const replica = await PrivateRedis.start(["--dir", dir, "--replicaof", "127.0.0.1", String(master.port)]);
  const ports = await Promise.all([freePort(), freePort(), freePort()]);
  const sentinels: ChildProcess[] = ports.map((port) => {
    // A Sentinel rewrites its file (what it learned): one each, in a folder of the test's own.
    const file = path.join(dir, `sentinel-${port}.conf`);
    writeFileSync(file, sentinelConf(port, master.port));
    return spawn("redis-server", [file, "--sentinel"], { stdio: "ignore" });
  });
  const masterPort = async () => Number(((await ask(ports[0], "SENTINEL", "get-master-addr-by-name", masterName)) as string[])[1]);
  const cluster: SentinelCluster = {
    master,
    replica,
    masterName,
    sentinelList: ports.map((port) => `127.0.0.1:${port}`).join(","),
    masterPort,
    failedOverTo: async (port, timeoutMs = 30_000) => {
      for (const sentinel of ports) {
        await until(`Sentinel ${sentinel} to name ${port} the master`, async () => {
          const [, named] = (await ask(sentinel, "SENTINEL", "get-master-addr-by-name", masterName)) as string[];
          return Number(named) === port;
        }, timeoutMs);
      }
    },
    stop: async () => {
      for (const sentinel of sentinels) {
        if (sentinel.exitCode !== null) continue;
        sentinel.kill("SIGKILL");
        await once(sentinel, "exit");
      }
      await replica.stop();
      await master.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await until("the replica to sync", async () => /master_link_status:up/.test(String(await ask(replica.port, "INFO", "replication"))));
    // A failover needs every Sentinel to know the others (quorum, election) and the replica to promote.
    for (const port of ports) {
      await until(`Sentinel ${port} to see the replica and the other Sentinels`, async () => {
        const others = (await ask(port, "SENTINEL", "sentinels", masterName)) as unknown[];
        const replicas = (await ask(port, "SENTINEL", "replicas", masterName)) as unknown[];
        return others.length === 2 && replicas.length === 1;
      });
    }
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
