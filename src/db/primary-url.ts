import { type Logger } from "pino";
import pg from "pg";
import { type Config } from "../config";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded-postgres";

/** PostgreSQL's own fast shutdown; more than this and something is wrong. */
export const embeddedStopTimeoutMs = 10_000;

export interface PrimaryDatabase {
  url: string;
  /** Set when this process started the embedded server and must stop it. */
  embedded?: EmbeddedPostgres;
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL, started here
 * unless another Skein process (a running server, say) already started it.
 */
export async function openPrimaryDatabase(config: Config, logger: Logger): Promise<PrimaryDatabase> {
  if (config.db.primaryUrl) return { url: config.db.primaryUrl };
  const { dataDir, postgresPort } = config.embedded;
  const embeddedUrl = `postgres://postgres:postgres@127.0.0.1:${postgresPort}/skein`;
  if (await answers(embeddedUrl)) return { url: embeddedUrl };
  logger.info({ dataDir, port: postgresPort }, "DATABASE_URL is not set: starting the embedded PostgreSQL");
  const embedded = await startEmbeddedPostgres(dataDir, postgresPort, logger);
  return { url: embedded.url, embedded };
}
