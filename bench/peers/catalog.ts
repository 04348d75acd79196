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

/**
 * The statements Skein sends for the two bench queries, character for
 * character as its drizzle output and src/db/pages.ts spell them (captured
 * from Skein's pg client): the users page, one lateral index walk for every
 * user's page of items, and profiles by `= any($1)`. The peers do the same
 * database work and differ only in what runs around it.
 */
const statements = {
  usersPage: `select ${profileColumns} from "users" order by "users"."id" asc limit $1`,
  itemPages: `
    select page.*, parent.id as page_parent
    from unnest($1::bigint[]) as parent (id)
    cross join lateral (
      select * from "items" where "items"."owner_id" = parent.id 
      order by "items"."id" asc limit $2
    ) as page`,
  profilesById: `select ${profileColumns} from "users" where "users"."id" = any($1)`,
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
    const rows = await this.query<ItemRow>(statements.itemPages, [ownerIds, first + 1]);
    const pages = new Map<string, PeerItem[]>(ownerIds.map((id) => [id, []]));
    for (const row of rows) {
      const page = pages.get(row.page_parent)!;
      if (page.length < first) page.push(toItem(row));
    }
    return pages;
  }

  async usersById(ids: readonly string[]): Promise<Map<string, PeerUser>> {
    const rows = await this.query<UserRow>(statements.profilesById, [ids]);
    return new Map(rows.map((row) => [row.id, toUser(row)]));
  }

  /** The users by id, with the owners of `itemLists` that are not among them read in one statement (none when all are). */
  async withOwners(users: readonly PeerUser[], itemLists: Iterable<readonly PeerItem[]>): Promise<Map<string, PeerUser>> {
    const known = new Map(users.map((user) => [user.id, user]));
    const missing = new Set<string>();
    for (const items of itemLists) for (const item of items) if (!known.has(item.ownerId)) missing.add(item.ownerId);
    if (missing.size === 0) return known;
    for (const [id, user] of await this.usersById([...missing])) known.set(id, user);
    return known;
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private async query<Row extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<Row[]> {
    this.sent++;
    return (await this.pool.query<Row>(text, values)).rows;
  }
}
