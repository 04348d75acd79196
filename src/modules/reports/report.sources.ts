import { and, asc, count, eq, gt } from "drizzle-orm";
import { type Db } from "../../db/database";
import { items } from "../items/item.table";
import { orders } from "../orders/order.table";
import { type ReportKind } from "./report.kinds";

type Cell = string | number | Date | null;

/** What a report reads: its header, how many rows it will have, and one keyset-paged chunk at a time. */
export interface ReportSource {
  header: string[];
  count(db: Db, ownerId: number): Promise<number>;
  /** Up to `limit` rows with an id above `afterId`, in id order; each row's first cell is that id. */
  chunk(db: Db, ownerId: number, afterId: number, limit: number): Promise<Array<{ id: number; cells: Cell[] }>>;
}

/** SALES_CSV: every order of an item the caller sells. */
const sales: ReportSource = {
  header: ["order_id", "created_at", "sku", "item_name", "quantity", "total_cents"],
  count: async (db, ownerId) => {
    const [row] = await db.select({ total: count() }).from(orders).innerJoin(items, eq(items.id, orders.itemId)).where(eq(items.ownerId, ownerId));
    return row.total;
  },
  chunk: async (db, ownerId, afterId, limit) => {
    const rows = await db
      .select({ id: orders.id, createdAt: orders.createdAt, sku: items.sku, name: items.name, quantity: orders.quantity, total: orders.totalCents })
      .from(orders)
      .innerJoin(items, eq(items.id, orders.itemId))
      .where(and(eq(items.ownerId, ownerId), gt(orders.id, afterId)))
      .orderBy(asc(orders.id))
      .limit(limit);
    return rows.map((row) => ({ id: row.id, cells: [row.id, row.createdAt, row.sku, row.name, row.quantity, row.total] }));
  },
};

/** INVENTORY_CSV: the caller's items and their stock. */
const inventory: ReportSource = {
  header: ["item_id", "sku", "name", "price_cents", "stock"],
  count: async (db, ownerId) => {
    const [row] = await db.select({ total: count() }).from(items).where(eq(items.ownerId, ownerId));
    return row.total;
  },
  chunk: async (db, ownerId, afterId, limit) => {
    const rows = await db
      .select()
      .from(items)
      .where(and(eq(items.ownerId, ownerId), gt(items.id, afterId)))
      .orderBy(asc(items.id))
      .limit(limit);
    return rows.map((row) => ({ id: row.id, cells: [row.id, row.sku, row.name, row.priceCents, row.stock] }));
  },
};

export const reportSources: { readonly [K in ReportKind]: ReportSource } = { SALES_CSV: sales, INVENTORY_CSV: inventory };

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(cell: Cell): string {
  const text = cell instanceof Date ? cell.toISOString() : cell === null ? "" : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: Cell[]): string => `${cells.map(csvField).join(",")}\r\n`;
