import { Catalog } from "./catalog";
import { type PeerViewer, viewerVerifier } from "./viewer";

/** What a peer process is started with (bench/contenders/peer.ts sets it). */
export interface PeerSetup {
  host: string;
  port: number;
  catalog: Catalog;
  verify: (authorization: string | undefined) => Promise<PeerViewer | null>;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

export function peerSetup(): PeerSetup {
  return {
    host: process.env.HOST ?? "127.0.0.1",
    port: Number(required("PORT")),
    // Skein's DB_POOL_MAX default, so every contender has as many connections.
    catalog: new Catalog(required("DATABASE_URL"), Number(process.env.DB_POOL_MAX ?? 10)),
    verify: viewerVerifier(required("JWT_SECRET")),
  };
}

/** The body of GET /statements, which the bench reads before and after a probe. */
export const statementsBody = (catalog: Catalog): string => JSON.stringify({ statements: catalog.statements });

/** SIGTERM closes what the peer opened and exits 0 (so `--cpu-prof` could write its profile). */
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
