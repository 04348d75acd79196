import { startServerProcess } from "../process";
import { type Contender, type ContenderName, type ContenderSetup, type RunningContender } from "./contender";

/** A peer server from bench/ (dist/bench/<name>/server.js); it counts its statements and serves the count at /statements. */
function peer(name: ContenderName, label: string): Contender {
  return {
    name,
    label,
    async start(setup: ContenderSetup): Promise<RunningContender> {
      const server = await startServerProcess({
        script: `bench/${name}/server.js`,
        env: { NODE_ENV: "production", DATABASE_URL: setup.databaseUrl, JWT_SECRET: setup.jwtSecret },
        nodeArgs: setup.nodeArgs,
      });
      return {
        ...server,
        statements: async () => ((await (await fetch(`${server.url}/statements`)).json()) as { statements: number }).statements,
      };
    },
  };
}

export const baseline = peer("baseline", "baseline: node:http + pg, JSON by hand");
export const mercurius = peer("mercurius", "Mercurius + graphql-jit + loaders");
