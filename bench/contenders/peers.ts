import { startServerProcess } from "../process";
import { type Contender, type ContenderName, type ContenderSetup, type RunningContender } from "./contender";

type CatalogSqlName = "least-work" | "skein";

/**
 * A peer server from bench/ (dist/bench/<server>/server.js) sending the statements named by `sql`
 * (bench/peers/catalog-sql.ts); it counts its statements and serves the count at /statements.
 */
function peer(name: ContenderName, label: string, server: string, sql: CatalogSqlName): Contender {
  return {
    name,
    label,
    async start(setup: ContenderSetup): Promise<RunningContender> {
      const started = await startServerProcess({
        script: `bench/${server}/server.js`,
        env: { NODE_ENV: "production", DATABASE_URL: setup.databaseUrl, JWT_SECRET: setup.jwtSecret, CATALOG_SQL: sql },
        nodeArgs: setup.nodeArgs,
      });
      return {
        ...started,
        statements: async () => ((await (await fetch(`${started.url}/statements`)).json()) as { statements: number }).statements,
      };
    },
  };
}

export const baseline = peer("baseline", "least work: node:http + pg, needed columns, prepared statements", "baseline", "least-work");
export const skeinSqlBaseline = peer("skein-sql", "node:http + pg, Skein's former SQL (select *, unnamed)", "baseline", "skein");
export const mercurius = peer("mercurius", "Mercurius + graphql-jit + loaders, Skein's former SQL", "mercurius", "skein");
