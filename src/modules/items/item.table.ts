import { bigint, check, index, integer, pgTable, timestamp, varchar } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { users } from "../users/user.table";

export const items = pgTable(
  "items",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    sku: varchar("sku", { length: 64 }).notNull().unique("items_sku_key"),
    name: varchar("name", { length: 200 }).notNull(),
    description: varchar("description", { length: 2000 }),
    priceCents: integer("price_cents").notNull(),
    stock: integer("stock").notNull(),
    ownerId: bigint("owner_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // User.items pages through one owner's items in id order.
    index("items_owner_id_id_idx").on(table.ownerId, table.id),
    check("items_stock_not_negative", sql`${table.stock} >= 0`),
    check("items_price_not_negative", sql`${table.priceCents} >= 0`),
  ],
);

export type ItemRow = typeof items.$inferSelect;
