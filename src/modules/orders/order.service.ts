import { and, eq, gte, sql } from "drizzle-orm";
import { type DbHandle, type Tx } from "../../db/database";
import { BadUserInputError, InsufficientStockError, NotFoundError } from "../../errors";
import { type Viewer } from "../../identity/tokens";
import { items } from "../items/item.table";
import { type OrderRow, orders } from "./order.table";

/** Quantity cap: with the price cap, a total always fits a GraphQL Int. */
export const maxOrderQuantity = 100;
const maxIdempotencyKeyLength = 128;

export interface PlaceOrderRequest {
  itemId: number;
  quantity: number;
  idempotencyKey?: string;
}

function validate(request: PlaceOrderRequest): void {
  if (!Number.isInteger(request.quantity) || request.quantity < 1 || request.quantity > maxOrderQuantity) {
    throw new BadUserInputError("quantity", `quantity must be between 1 and ${maxOrderQuantity}.`);
  }
  const key = request.idempotencyKey;
  if (key !== undefined && (key.length === 0 || key.length > maxIdempotencyKeyLength)) {
    throw new BadUserInputError("idempotencyKey", `idempotencyKey must be 1 to ${maxIdempotencyKeyLength} characters.`);
  }
}

/**
 * The order this buyer already placed with this key, if any. The advisory
 * lock makes concurrent requests with one key take turns, so the second
 * finds the first's order instead of placing another.
 */
async function findIdempotentOrder(tx: Tx, buyerId: number, request: PlaceOrderRequest): Promise<OrderRow | undefined> {
  const key = request.idempotencyKey!;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`order:${buyerId}:${key}`}, 0))`);
  const [existing] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.buyerId, buyerId), eq(orders.idempotencyKey, key)));
  if (existing && (existing.itemId !== request.itemId || existing.quantity !== request.quantity)) {
    throw new BadUserInputError("idempotencyKey", "This idempotencyKey was already used for a different order.");
  }
  return existing;
}

/** Takes `quantity` from the item's stock, or explains why it cannot. */
async function takeStock(tx: Tx, itemId: number, quantity: number) {
  // One conditional UPDATE: the row lock orders concurrent buyers and the
  // condition is re-checked on the latest stock, so stock never goes below 0.
  const [item] = await tx
    .update(items)
    .set({ stock: sql`${items.stock} - ${quantity}` })
    .where(and(eq(items.id, itemId), gte(items.stock, quantity)))
    .returning({ priceCents: items.priceCents });
  if (item) return item;
  const [current] = await tx.select({ stock: items.stock }).from(items).where(eq(items.id, itemId));
  if (!current) throw new NotFoundError("Item", String(itemId));
  throw new InsufficientStockError(quantity, current.stock);
}

export async function placeOrder(db: DbHandle, viewer: Viewer, request: PlaceOrderRequest): Promise<OrderRow> {
  validate(request);
  return db.transaction(async (tx) => {
    if (request.idempotencyKey !== undefined) {
      const existing = await findIdempotentOrder(tx, viewer.id, request);
      if (existing) return existing;
    }
    const item = await takeStock(tx, request.itemId, request.quantity);
    const [order] = await tx
      .insert(orders)
      .values({
        itemId: request.itemId,
        buyerId: viewer.id,
        quantity: request.quantity,
        totalCents: item.priceCents * request.quantity,
        idempotencyKey: request.idempotencyKey ?? null,
      })
      .returning();
    return order;
  });
}
