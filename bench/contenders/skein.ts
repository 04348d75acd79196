import { startServerProcess } from "../process";
import { benchManifestPath } from "../queries";
import { type Contender, type ContenderSetup, type RunningContender, type SkeinVariant } from "./contender";

/** The request pools' statements (the jobs pools count under "jobs-primary" and are left out). */
const requestStatements = /^skein_db_statements_total\{pool="(?:primary|replica)"\} (\d+)$/gm;

async function statementsFromMetrics(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return [...text.matchAll(requestStatements)].reduce((sum, match) => sum + Number(match[1]), 0);
}

/**
 * Skein as shipped: production, limits and cost analysis on, metrics on,
 * info-level JSON logs really written, Redis when REDIS_URL is set.
 */
function shippedEnv(setup: ContenderSetup): Record<string, string> {
  return {
    NODE_ENV: "production",
    LOG_LEVEL: "info",
    LIMITS_ENABLED: "true",
    JWT_SECRET: setup.jwtSecret,
    DATABASE_URL: setup.databaseUrl,
    ...(setup.redisUrl ? { REDIS_URL: setup.redisUrl } : {}),
    REDIS_KEY_PREFIX: `${setup.runId}:`,
    JOBS_PREFIX: setup.runId,
    // The per-client limit is checked on every request, but the one bench client must never be refused.
    CLIENT_RATE_LIMIT_MAX: "1000000000",
  };
}

function skeinContender(name: "skein" | "skein-id" | "skein-b", label: string, variant: (setup: ContenderSetup) => Partial<SkeinVariant>): Contender {
  return {
    name,
    label,
    async start(setup: ContenderSetup): Promise<RunningContender> {
      const { root, env = {} } = variant(setup);
      const server = await startServerProcess({
        script: "src/main.js",
        root,
        env: { ...shippedEnv(setup), ...env },
        nodeArgs: [...setup.nodeArgs, ...(setup.cpuProfileDir ? ["--cpu-prof", "--cpu-prof-dir", setup.cpuProfileDir] : [])],
        stdout: setup.logFd,
      });
      return { ...server, statements: () => statementsFromMetrics(server.url) };
    },
  };
}

/**
 * Skein as shipped plus TRUSTED_DOCUMENTS_ONLY with codegen's manifest (the
 * bench's queries are in it, beside the tests'), asked by documentId: the
 * same operations as "skein", named by id instead of sent as text.
 */
const skeinByIdLabel = "Skein by documentId (TRUSTED_DOCUMENTS_ONLY)";
const byId = skeinContender("skein-id", skeinByIdLabel, (setup) => ({
  env: { ...setup.skeinEnv, TRUSTED_DOCUMENTS: benchManifestPath, TRUSTED_DOCUMENTS_ONLY: "true" },
}));
export const skeinById: Contender = {
  ...byId,
  start: async (setup) => ({ ...(await byId.start(setup)), form: "documentId" }),
};

export const skein = skeinContender("skein", "Skein as shipped", (setup) => ({ env: setup.skeinEnv }));
/** Skein B of an A/B run (`--skein-b-dir`, `--skein-b-env`), measured in the same alternating rounds. */
export const skeinB = skeinContender("skein-b", "Skein B", (setup) => setup.skeinB);
