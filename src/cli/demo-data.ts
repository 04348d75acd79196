import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { type Logger } from "pino";
import { type Db } from "../db/database";
import { isEmpty, seed, seedEmail } from "./seed-data";

/** A drizzle client on its own small pool, for one-shot commands. */
export function drizzleFor(url: string): Db & { $client: pg.Pool } {
  return drizzle(new pg.Pool({ connectionString: url, max: 2 }));
}

/** A little data so the first query on a fresh embedded database returns something. */
export async function seedDemoDataIfEmpty(db: Db & { $client: pg.Pool }, logger: Logger): Promise<void> {
  try {
    if (!(await isEmpty(db))) return;
    const counts = await seed(db, { users: 10, itemsPerUser: 5 });
    logger.info({ ...counts, admin: seedEmail(1) }, `seeded demo data; every seeded account's password is in the README`);
  } finally {
    await db.$client.end();
  }
}
