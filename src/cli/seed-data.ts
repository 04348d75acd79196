import { sql } from "drizzle-orm";
import { hashPassword } from "../modules/users/password";
import { type Db } from "../db/database";

export interface SeedSize {
  users: number;
  itemsPerUser: number;
}

/** Every seeded account logs in with this password; seed-user-1 is an admin. */
export const seedPassword = "password123";
export const seedEmail = (n: number): string => `seed-user-${n}@example.com`;

/**
 * Fills the database with deterministic data: the same size gives the same
 * rows on any fresh database. Set-based (generate_series), so a million rows
 * take seconds; rows already there are left alone, so it can run twice.
 */
export async function seed(db: Db, size: SeedSize): Promise<{ users: number; items: number }> {
  const passwordHash = await hashPassword(seedPassword);
  const users = await db.execute(sql`
    insert into users (name, email, password_hash, role)
    select 'Seed User ' || n, 'seed-user-' || n || '@example.com', ${passwordHash},
           (case when n = 1 then 'ADMIN' else 'USER' end)::role
    from generate_series(1, ${size.users}::int) as n
    on conflict (email) do nothing`);
  const items = await db.execute(sql`
    insert into items (sku, name, description, price_cents, stock, owner_id)
    select 'SEED-' || n || '-' || k, 'Item ' || k || ' of seed user ' || n,
           case when k % 3 = 0 then 'A seeded item for demos and benchmarks.' end,
           100 + (n * 37 + k * 101) % 9900, 10 + (n + k) % 90, u.id
    from generate_series(1, ${size.users}::int) as n
    join users u on u.email = 'seed-user-' || n || '@example.com'
    cross join generate_series(1, ${size.itemsPerUser}::int) as k
    on conflict (sku) do nothing`);
  // Planner statistics now, not at autovacuum's next pass: a freshly loaded table without them
  // can get a sequential scan where the owner index belongs (tens of ms per page of items).
  await db.execute(sql`analyze users, items`);
  return { users: users.rowCount ?? 0, items: items.rowCount ?? 0 };
}

export async function isEmpty(db: Db): Promise<boolean> {
  const result = await db.execute(sql`select not exists (select 1 from users) as empty`);
  return Boolean(result.rows[0]?.empty);
}
