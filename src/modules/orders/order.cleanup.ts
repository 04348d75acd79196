import { and, isNotNull, lt } from "drizzle-orm";
import { type Db } from "../../db/database";
import { orders } from "./order.table";

/** Forgets idempotency keys old enough that no client retry can still carry them. */
export async function clearOldIdempotencyKeys(db: Db, ttlSeconds: number): Promise<number> {
  const cutoff = new Date(Date.now() - ttlSeconds * 1000);
  const cleared = await db
    .update(orders)
    .set({ idempotencyKey: null })
    .where(and(isNotNull(orders.idempotencyKey), lt(orders.createdAt, cutoff)))
    .returning({ id: orders.id });
  return cleared.length;
}
