/** One catalog read: its text, and the name it is prepared under once per connection (none: parsed on every call). */
export interface CatalogStatement {
  text: string;
  name?: string;
}

/** The statements a peer sends for the two bench queries. */
export interface CatalogSql {
  /** A page of users by id; `$1` is the row limit. */
  usersPage: CatalogStatement;
  /** Every owner's page of items in one statement; `$1` the owner ids, `$2` the row limit per owner. */
  itemPages: CatalogStatement;
  /** Users by `= any($1)`. */
  profilesById: CatalogStatement;
  /** Rows read past each page (Skein reads one more to learn hasNextPage, which the bench queries do not ask for). */
  rowsPastPage: 0 | 1;
}

const profileColumns = `"id", "name", "email", "role", "created_at", "updated_at"`;

/**
 * The statements Skein sent for the two bench queries before it read only
 * the selected item columns (captured from its pg client then): every
 * profile column, `select *` on items, unnamed. Kept as a second reference:
 * they show what that SQL costs without GraphQL around it.
 */
export const skeinSql: CatalogSql = {
  usersPage: { text: `select ${profileColumns} from "users" order by "users"."id" asc limit $1` },
  itemPages: {
    text: `
    select page.*, parent.id as page_parent
    from unnest($1::bigint[]) as parent (id)
    cross join lateral (
      select * from "items" where "items"."owner_id" = parent.id 
      order by "items"."id" asc limit $2
    ) as page`,
  },
  profilesById: { text: `select ${profileColumns} from "users" where "users"."id" = any($1)` },
  rowsPastPage: 1,
};

/**
 * The least work that answers the bench queries, written for them and not
 * taken from Skein: only the columns a response shows (the nested query never
 * reads an email or a description), exactly a page of rows, each statement
 * prepared once per connection.
 */
export const leastWorkSql: CatalogSql = {
  usersPage: { name: "least_users_page", text: "select id, name from users order by id limit $1" },
  itemPages: {
    name: "least_item_pages",
    text:
      "select item.id, item.name, item.price_cents, item.owner_id from unnest($1::bigint[]) as owner (id) " +
      "cross join lateral (select id, name, price_cents, owner_id from items where owner_id = owner.id order by id limit $2) as item",
  },
  profilesById: { name: "least_users_by_id", text: "select id, name, email from users where id = any($1)" },
  rowsPastPage: 0,
};
