import { Catalog } from "./catalog";
import { type CatalogSql, leastWorkSql, skeinSql } from "./catalog-sql";
import { type PeerViewer, viewerVerifier } from "./viewer";

/** What a peer process builds from the environment that bench/contenders/peers.ts gives it. */
export interface PeerSetup {
  host: string;
  port: number;
  catalog: Catalog;
  verify: (authorization: string | undefined) => Promise<PeerViewer | null>;
}

/** Skein's DB_POOL_MAX default, so every contender has as many database connections. */
const poolMax = 10;

/** CATALOG_SQL picks the statements a peer sends: Skein's own (the default) or the least work that answers. */
const catalogSqls: Record<string, CatalogSql> = { skein: skeinSql, "least-work": leastWorkSql };

function catalogSql(): CatalogSql {
  const name = process.env.CATALOG_SQL ?? "skein";
  const sql = catalogSqls[name];
  if (!sql) throw new Error(`CATALOG_SQL must be one of ${Object.keys(catalogSqls).join(", ")}, got "${name}"`);
  return sql;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

export function peerSetup(): PeerSetup {
  return {
    host: required("HOST"),
    port: Number(required("PORT")),
    catalog: new Catalog(required("DATABASE_URL"), poolMax, catalogSql()),
    verify: viewerVerifier(required("JWT_SECRET")),
  };
}

/** The body of GET /statements, which the bench reads before and after a probe. */
export const statementsBody = (catalog: Catalog): string => JSON.stringify({ statements: catalog.statements });

/** SIGTERM closes the listener and the pool (PostgreSQL sees clean disconnects), then exits 0. */
export function exitOnSigterm(close: () => Promise<unknown>): void {
  process.once("SIGTERM", () => {
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
