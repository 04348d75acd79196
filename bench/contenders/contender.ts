import { type RequestForm } from "../queries";

/** A Skein to measure beside the one built here: another checkout (built), other environment changes, or both. */
export interface SkeinVariant {
  root: string;
  env: Record<string, string>;
}

/** What every contender is started with: the same data, secret and (for Skein) Redis. */
export interface ContenderSetup {
  databaseUrl: string;
  redisUrl?: string;
  jwtSecret: string;
  /** Unique per bench run: Skein's Redis keys and queues live under it. */
  runId: string;
  /** Where Skein's JSON log lines go. */
  logFd: number;
  /** Changes to Skein's shipped environment (see BenchOptions.skeinEnv). */
  skeinEnv: Record<string, string>;
  /** The second Skein of an A/B run: its checkout and its changes to the shipped environment (see BenchOptions.skeinB). */
  skeinB: SkeinVariant;
  /** The flags every contender's node runs with: those of Skein's shipped command (shippedNodeArgs). */
  nodeArgs: string[];
  /** Set: Skein runs under `node --cpu-prof` and writes its profile here on exit. */
  cpuProfileDir?: string;
}

export interface RunningContender {
  url: string;
  /** How its requests name the query; "text" when unset. */
  form?: RequestForm;
  pid: number;
  /** SQL statements this contender has sent to answer requests, since it started. */
  statements(): Promise<number>;
  stop(): Promise<void>;
}

export const contenderNames = ["baseline", "skein-sql", "mercurius", "skein", "skein-id", "skein-b"] as const;
export type ContenderName = (typeof contenderNames)[number];

export interface Contender {
  name: ContenderName;
  /** How the table names it. */
  label: string;
  start(setup: ContenderSetup): Promise<RunningContender>;
}
