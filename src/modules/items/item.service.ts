import { count, eq } from "drizzle-orm";
import { isUniqueViolation } from "../../db/errors";
import { type PageArgs, selectPage } from "../../db/pages";
import { type DbHandle } from "../../db/database";
import { AlreadyExistsError, BadUserInputError } from "../../errors";
import { type Viewer } from "../../identity/tokens";
import { type CreateItemInput } from "./item.input";
import { pagedItems } from "./item.loader";
import { type ItemRow, items } from "./item.table";

export async function createItem(db: DbHandle, viewer: Viewer, input: CreateItemInput): Promise<ItemRow> {
  const name = input.name.trim();
  if (!name) throw new BadUserInputError("name", "name must not be blank");
  try {
    const [item] = await db.transaction((tx) =>
      tx
        .insert(items)
        .values({ sku: input.sku, name, description: input.description ?? null, priceCents: input.priceCents, stock: input.stock, ownerId: viewer.id })
        .returning(),
    );
    return item;
  } catch (error) {
    if (isUniqueViolation(error, "items_sku_key")) {
      throw new AlreadyExistsError("sku", `An item with sku "${input.sku}" already exists.`);
    }
    throw error;
  }
}

export function listItems(db: DbHandle, page: PageArgs, ownerId?: number) {
  return selectPage(db.reader(), pagedItems, page, ownerId === undefined ? undefined : eq(items.ownerId, ownerId));
}

export async function countItems(db: DbHandle, ownerId?: number): Promise<number> {
  const filter = ownerId === undefined ? undefined : eq(items.ownerId, ownerId);
  const [row] = await db.reader().select({ total: count() }).from(items).where(filter);
  return row.total;
}
