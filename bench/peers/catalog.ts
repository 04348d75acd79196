import pg from "pg";

/** A user as the peers show it. Ids stay strings: pg returns bigint as text, and GraphQL's ID is a string. */
export interface PeerUser {
  id: string;
  name: string;
  email: string;
}

export interface PeerItem {
  id: string;
  name: string;
  priceCents: number;
  ownerId: string;
}

const profileColumns = `"id", "name", "email", "role", "created_at", "updated_at"`;
const itemColumns = `"id", "sku", "name", "description", "price_cents", "stock", "owner_id", "created_at"`;
const placeholders = (count: number): string => Array.from({ length: count }, (_, index) => `$${index + 1}`).join(", ");

/**
 * The statements Skein sends for the two bench queries, as its drizzle
 * output spells them (columns, `in (...)` lists, the per-parent
 * row_number), so the peers do the same database work and differ only in
 * what runs around it.
 */
const statements = {
  usersPage: `select "id", "name", "email", "password_hash", "role", "created_at", "updated_at" from "users" order by "users"."id" asc limit $1`,
  itemPages: (parents: number) =>
    `select ${itemColumns}, "page_rank", "page_parent" from (select ${itemColumns}, row_number() over (partition by "owner_id" order by "id" asc) as "page_rank", "owner_id" as "page_parent" from "items" where "items"."owner_id" in (${placeholders(parents)})) "ranked" where "page_rank" <= $${parents + 1} order by "page_rank"`,
  profilesById: (ids: number) => `select ${profileColumns} from "users" where "users"."id" in (${placeholders(ids)})`,
};

interface UserRow {
  id: string;
  name: string;
  email: string;
}

interface ItemRow {
  id: string;
  name: string;
  price_cents: number;
  owner_id: string;
  page_parent: string;
}

const toUser = ({ id, name, email }: UserRow): PeerUser => ({ id, name, email });
const toItem = (row: ItemRow): PeerItem => ({ id: row.id, name: row.name, priceCents: row.price_cents, ownerId: row.owner_id });

/** The catalog reads of the peers, on one pool, counting every statement sent. */
export class Catalog {
  private sent = 0;
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string, poolMax: number) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: poolMax });
  }

  /** Statements sent since the process started. */
  get statements(): number {
    return this.sent;
  }

  /** The first `first` users by id; one more is fetched, as Skein does to learn hasNextPage. */
  async usersPage(first: number): Promise<PeerUser[]> {
    const rows = await this.query<UserRow>(statements.usersPage, [first + 1]);
    return rows.slice(0, first).map(toUser);
  }

  /** The first `first` items of each owner, in one statement. */
  async itemPages(ownerIds: readonly string[], first: number): Promise<Map<string, PeerItem[]>> {
    const rows = await this.query<ItemRow>(statements.itemPages(ownerIds.length), [...ownerIds, first + 1]);
    const pages = new Map<string, PeerItem[]>(ownerIds.map((id) => [id, []]));
    for (const row of rows) {
      const page = pages.get(row.page_parent)!;
      if (page.length < first) page.push(toItem(row));
    }
    return pages;
  }

  async usersById(ids: readonly string[]): Promise<Map<string, PeerUser>> {
    const rows = await this.query<UserRow>(statements.profilesById(ids.length), [...ids]);
    return new Map(rows.map((row) => [row.id, toUser(row)]));
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private async query<Row extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<Row[]> {
    this.sent++;
    return (await this.pool.query<Row>(text, values)).rows;
  }
}
