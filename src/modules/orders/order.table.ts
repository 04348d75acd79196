import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, timestamp, uniqueIndex, varchar } from "drizzle-orm/pg-core";
import { items } from "../items/item.table";
import { users } from "../users/user.table";

export const orders = pgTable(
  "orders",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    itemId: bigint("item_id", { mode: "number" })
      .notNull()
      .references(() => items.id, { onDelete: "cascade" }),
    buyerId: bigint("buyer_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    totalCents: integer("total_cents").notNull(),
    /** Client-chosen; kept while a retry may still arrive, then cleared. */
    idempotencyKey: varchar("idempotency_key", { length: 128 }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // User.orders pages through one buyer's orders, newest first.
    index("orders_buyer_id_id_idx").on(table.buyerId, table.id),
    index("orders_item_id_idx").on(table.itemId),
    uniqueIndex("orders_buyer_idempotency_key")
      .on(table.buyerId, table.idempotencyKey)
      .where(sql`${table.idempotencyKey} is not null`),
    check("orders_quantity_positive", sql`${table.quantity} > 0`),
  ],
);

export type OrderRow = typeof orders.$inferSelect;
