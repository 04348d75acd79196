import path from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../src/config";
import { type ContenderName, type SkeinVariant, contenderNames } from "./contenders";
import { type QueryName, queryNames } from "./queries";

export interface BenchOptions {
  /** Every contender is started afresh for each fork, which runs all the rounds: one process's JIT and heap do not decide a ratio. */
  forks: number;
  rounds: number;
  durationSeconds: number;
  warmUpSeconds: number;
  connections: number;
  /** Skein runs under `node --cpu-prof`; its top functions are printed at the end. */
  cpuProfile: boolean;
  /**
   * Changes to Skein's shipped environment, for diagnosis (what does LOG_LEVEL=warn win?); an
   * empty value unsets the variable (REDIS_URL=), as Skein reads it. The table then says Skein was not as shipped.
   */
  skeinEnv: Record<string, string>;
  /**
   * Skein B, measured beside Skein in the same rounds when `--skein-b-dir` or `--skein-b-env` is given:
   * another built checkout (today's main, say) or other environment changes (tracing on), for a same-run A/B.
   */
  skeinB: SkeinVariant;
  queries: QueryName[];
  contenders: ContenderName[];
}

const usage = `npm run bench -- [--forks 1] [--rounds 3] [--duration 10] [--warmup 3] [--connections 32]
                 [--queries nested,light] [--contenders baseline,skein-sql,mercurius,skein,skein-id] [--cpu-prof]
                 [--skein-env NAME=VALUE]... [--skein-b-dir DIR] [--skein-b-env NAME=VALUE]...
Each flag may also come from the environment: BENCH_FORKS, BENCH_ROUNDS, BENCH_DURATION, BENCH_WARMUP,
BENCH_CONNECTIONS, BENCH_QUERIES, BENCH_CONTENDERS, BENCH_CPU_PROF=1, BENCH_SKEIN_ENV="A=1,B=2",
BENCH_SKEIN_B_DIR, BENCH_SKEIN_B_ENV="A=1,B=2".`;

function positive(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0) throw new Error(`${name}: must be a positive whole number, got "${value}"\n\n${usage}`);
  return number;
}

function subset<T extends string>(value: string, all: readonly T[], name: string): T[] {
  const picked = value.split(",").map((part) => part.trim());
  const unknown = picked.filter((part) => !all.includes(part as T));
  if (unknown.length > 0 || picked.length === 0) throw new Error(`${name}: expected some of ${all.join(", ")}, got "${value}"\n\n${usage}`);
  // In the canonical order, whatever order they were named in.
  return all.filter((one) => picked.includes(one));
}

function assignments(values: string[]): Record<string, string> {
  return Object.fromEntries(
    values.map((assignment) => {
      const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(assignment.trim());
      if (!match) throw new Error(`--skein-env: expected NAME=VALUE, got "${assignment}"\n\n${usage}`);
      return [match[1], match[2]];
    }),
  );
}

/** Flags win over the environment, which wins over the defaults (one fork of 3 rounds of 10 s after 3 s of warm-up, 32 connections). */
export function benchOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      forks: { type: "string", default: env.BENCH_FORKS ?? "1" },
      rounds: { type: "string", default: env.BENCH_ROUNDS ?? "3" },
      duration: { type: "string", default: env.BENCH_DURATION ?? "10" },
      warmup: { type: "string", default: env.BENCH_WARMUP ?? "3" },
      connections: { type: "string", default: env.BENCH_CONNECTIONS ?? "32" },
      queries: { type: "string", default: env.BENCH_QUERIES ?? queryNames.join(",") },
      contenders: { type: "string", default: env.BENCH_CONTENDERS },
      "cpu-prof": { type: "boolean", default: env.BENCH_CPU_PROF === "1" || env.BENCH_CPU_PROF === "true" },
      "skein-env": { type: "string", multiple: true, default: env.BENCH_SKEIN_ENV ? env.BENCH_SKEIN_ENV.split(",") : [] },
      "skein-b-dir": { type: "string", default: env.BENCH_SKEIN_B_DIR },
      "skein-b-env": { type: "string", multiple: true, default: env.BENCH_SKEIN_B_ENV ? env.BENCH_SKEIN_B_ENV.split(",") : [] },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const skeinBAsked = values["skein-b-dir"] !== undefined || values["skein-b-env"].length > 0;
  // Skein B runs only when asked for: by default it would be Skein again. Skein by documentId too, named in --contenders.
  const defaultContenders = contenderNames.filter((name) => (name !== "skein-b" || skeinBAsked) && name !== "skein-id").join(",");
  const forks = positive(values.forks, "--forks");
  // A profile is read against its process's measured windows: one process per contender.
  if (forks > 1 && values["cpu-prof"]) throw new Error(`--cpu-prof profiles one fork: leave out --forks\n\n${usage}`);
  return {
    forks,
    rounds: positive(values.rounds, "--rounds"),
    durationSeconds: positive(values.duration, "--duration"),
    warmUpSeconds: positive(values.warmup, "--warmup"),
    connections: positive(values.connections, "--connections"),
    cpuProfile: values["cpu-prof"],
    skeinEnv: assignments(values["skein-env"]),
    skeinB: { root: path.resolve(values["skein-b-dir"] ?? projectRoot), env: assignments(values["skein-b-env"]) },
    queries: subset(values.queries, queryNames, "--queries"),
    contenders: subset(values.contenders ?? defaultContenders, contenderNames, "--contenders"),
  };
}
