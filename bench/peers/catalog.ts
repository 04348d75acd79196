import pg from "pg";
import { type CatalogSql, type CatalogStatement } from "./catalog-sql";

/**
 * A user as the peers show it. Ids stay strings: pg returns bigint as text, and GraphQL's ID is a string.
 * `email` is read only by the statements that need it (all of Skein's, the least work's user by id).
 */
export interface PeerUser {
  id: string;
  name: string;
  email?: string;
}

export interface PeerItem {
  id: string;
  name: string;
  priceCents: number;
  ownerId: string;
}

interface UserRow {
  id: string;
  name: string;
  email?: string;
}

interface ItemRow {
  id: string;
  name: string;
  price_cents: number;
  owner_id: string;
}

const toUser = ({ id, name, email }: UserRow): PeerUser => ({ id, name, email });
const toItem = (row: ItemRow): PeerItem => ({ id: row.id, name: row.name, priceCents: row.price_cents, ownerId: row.owner_id });

/** The catalog reads of the peers, with the statements of `sql`, on one pool, counting every statement sent. */
export class Catalog {
  private sent = 0;
  private readonly pool: pg.Pool;

  constructor(
    databaseUrl: string,
    poolMax: number,
    private readonly sql: CatalogSql,
  ) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: poolMax });
  }

  /** Statements sent since the process started. */
  get statements(): number {
    return this.sent;
  }

  /** The first `first` users by id. */
  async usersPage(first: number): Promise<PeerUser[]> {
    const rows = await this.query<UserRow>(this.sql.usersPage, [first + this.sql.rowsPastPage]);
    return rows.slice(0, first).map(toUser);
  }

  /** The first `first` items of each owner, in one statement. */
  async itemPages(ownerIds: readonly string[], first: number): Promise<Map<string, PeerItem[]>> {
    const rows = await this.query<ItemRow>(this.sql.itemPages, [ownerIds, first + this.sql.rowsPastPage]);
    const pages = new Map<string, PeerItem[]>(ownerIds.map((id) => [id, []]));
    for (const row of rows) {
      const page = pages.get(row.owner_id)!;
      if (page.length < first) page.push(toItem(row));
    }
    return pages;
  }

  async usersById(ids: readonly string[]): Promise<Map<string, PeerUser>> {
    const rows = await this.query<UserRow>(this.sql.profilesById, [ids]);
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

  private async query<Row extends pg.QueryResultRow>({ text, name }: CatalogStatement, values: unknown[]): Promise<Row[]> {
    this.sent++;
    return (await this.pool.query<Row>({ text, name, values })).rows;
  }
}
