import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { childConnection } from "../src/graphql/child-pages";
import { createItemLoaders } from "../src/modules/items/item.loader";
import { graphql } from "./__generated__";
import { errorCodes } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { createItem, signUpUser } from "./support/fixtures";
import { statementsDuring } from "./support/metrics";
import { type TestServer, startTestServer } from "./support/server";

const NestedCatalog = graphql(`
  query NestedCatalog($first: Int!) {
    users(first: $first) { nodes { id items(first: 10) { nodes { sku owner { name } } } } }
  }
`);

const ItemsWithOwners = graphql(`
  query ItemsWithOwners($first: Int!) { items(first: $first) { nodes { id owner { name } } } }
`);

const UsersPage = graphql(`
  query UsersPage($first: Int, $after: String) {
    users(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } }
  }
`);

const UsersItemsPage = graphql(`
  query UsersItemsPage($first: Int, $after: String) {
    users(first: 3) { nodes { id items(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }
  }
`);

const UsersTotal = graphql(`
  query UsersTotal { users(first: 1) { totalCount nodes { id items { totalCount nodes { id } } } } }
`);

const UsersNoTotal = graphql(`
  query UsersNoTotal { users(first: 1) { nodes { id items { nodes { id } } } } }
`);

const UserById = graphql(`
  query UserById($id: ID!) { user(id: $id) { id name email } item(id: $id) { id } }
`);

const UserOrders = graphql(`
  query UserOrders($id: ID!) { user(id: $id) { orders { totalCount } } }
`);

/** Statements a request ran, read from the server's own per-pool counters. */

describe("catalog reads", () => {
  let database: TestDatabase;
  let server: TestServer;

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer(database);
    // 60 users with 12 items each: more rows than any page below asks for.
    await database.query(`
      insert into users (name, email, password_hash)
      select 'Bulk ' || n, 'bulk-' || n || '@example.com', 'x' from generate_series(1, 60) n`);
    await database.query(`
      insert into items (sku, name, price_cents, stock, owner_id)
      select 'BULK-' || u.id || '-' || k, 'Thing', 100, 5, u.id from users u cross join generate_series(1, 12) k`);
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  for (const first of [5, 50, 100]) {
    it(`runs 2 SQL statements for users(first: ${first}) > items(first: 10) > owner: the owners are the parent rows`, async () => {
      let users: Array<{ items: { nodes: Array<{ owner: { name: string } }> } }> = [];
      const statements = await statementsDuring(server.url, async () => {
        users = (await server.client.data(NestedCatalog, { first })).users.nodes;
      });
      assert.equal(users.length, Math.min(first, 60));
      assert.ok(users.every((user) => user.items.nodes.length === 10), "every user shows a full page of 10 items");
      assert.equal(statements, 2);
    });

    it(`runs at most 2 SQL statements for items(first: ${first}) > owner`, async () => {
      let owners: string[] = [];
      const statements = await statementsDuring(server.url, async () => {
        owners = (await server.client.data(ItemsWithOwners, { first })).items.nodes.map((item) => item.owner.name);
      });
      assert.equal(owners.length, first);
      assert.ok(owners.every((name) => name.startsWith("Bulk ")));
      assert.ok(statements <= 2, `ran ${statements} statements`);
    });
  }

  it("pages with opaque cursors until hasNextPage is false", async () => {
    const seen: string[] = [];
    let after: string | null | undefined;
    for (;;) {
      const { users } = await server.client.data(UsersPage, { first: 25, after });
      seen.push(...users.nodes.map((user) => user.id));
      if (!users.pageInfo.hasNextPage) break;
      after = users.pageInfo.endCursor;
    }
    assert.equal(seen.length, 60);
    assert.equal(new Set(seen).size, 60);
  });

  it("pages every user's items in one batch: hasNextPage only while more items follow", async () => {
    for (const [first, hasNextPage] of [[11, true], [12, false], [20, false]] as const) {
      const { users } = await server.client.data(UsersItemsPage, { first });
      assert.deepEqual(
        users.nodes.map((user) => [user.items.nodes.length, user.items.pageInfo.hasNextPage]),
        users.nodes.map(() => [Math.min(first, 12), hasNextPage]),
      );
    }
    const seen: string[] = [];
    const sizes: number[] = [];
    let after: string | null | undefined;
    for (;;) {
      const [firstUser] = (await server.client.data(UsersItemsPage, { first: 5, after })).users.nodes;
      seen.push(...firstUser.items.nodes.map((item) => item.id));
      sizes.push(firstUser.items.nodes.length);
      if (!firstUser.items.pageInfo.hasNextPage) break;
      after = firstUser.items.pageInfo.endCursor;
    }
    assert.deepEqual(sizes, [5, 5, 2]);
    assert.equal(new Set(seen).size, 12);
  });

  it("checks a nested connection's arguments: a bad page size or a control character is BAD_USER_INPUT at the field", async () => {
    // User.items is called without type-graphql's pipeline (see direct-field-resolvers.ts): its arguments are still checked.
    for (const variables of [{ first: -1 }, { first: 100_000 }, { first: 5, after: "\u0000" }]) {
      const response = await server.client.request(UsersItemsPage, variables);
      // ItemConnection! is non-null: the first failing parent nulls the list, as on any executor.
      assert.deepEqual(errorCodes(response), ["BAD_USER_INPUT"]);
      const [error] = response.errors ?? [];
      assert.deepEqual([error.path?.join("."), error.extensions?.field], ["users.nodes.0.items", variables.after === undefined ? "first" : "after"]);
    }
  });

  it("empties the pages a request's loaders read once its response is written, and not before", async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    try {
      const letGo: Array<() => void> = [];
      const loaders = createItemLoaders({ read: () => drizzle(pool), afterResponse: (run) => letGo.push(run) });
      const [owner] = await database.query<{ id: string }>("select owner_id as id from items group by owner_id order by owner_id limit 1");
      const connection = await childConnection(loaders.byOwner, Number(owner.id), { first: 5 });
      assert.equal(connection.nodes.length, 5);
      assert.equal(letGo.length, 1);
      letGo[0]();
      assert.equal(connection.nodes.length, 0);
    } finally {
      await pool.end();
    }
  });

  it("counts totals only when totalCount is asked for", async () => {
    const withTotals = await statementsDuring(server.url, async () => {
      const { users } = await server.client.data(UsersTotal);
      assert.equal(users.totalCount, 60);
      assert.equal(users.nodes[0].items.totalCount, 12);
    });
    const withoutTotals = await statementsDuring(server.url, () => server.client.data(UsersNoTotal));
    assert.equal(withTotals - withoutTotals, 2);
  });

  it("returns null for an id that does not exist and BAD_USER_INPUT for one that cannot", async () => {
    const missing = await server.client.data(UserById, { id: "987654321" });
    assert.equal(missing.user, null);
    assert.equal(missing.item, null);
    const malformed = await server.client.request(UserById, { id: "not-an-id" });
    assert.deepEqual(errorCodes(malformed), ["BAD_USER_INPUT", "BAD_USER_INPUT"]);
    assert.equal(malformed.errors?.[0].extensions?.field, "id");
  });

  it("writes text that JSON must escape exactly as stored: quotes, backslashes, line breaks, emoji", async () => {
    // Responses are written by a writer compiled per query (see jit-gateway.ts), not JSON.stringify.
    const name = 'Zoë "Q" \\ O\'Neil\nline two\t😀 \u2028 </script>';
    const [row] = await database.query<{ id: string }>("insert into users (name, email, password_hash) values ($1, 'escapes@example.com', 'x') returning id", [name]);
    const { user } = await server.client.data(UserById, { id: row.id });
    assert.equal(user?.name, name);
  });

  it("shows a user's email to themself only, and their orders to nobody else", async () => {
    const alice = await signUpUser(server.client, "Alice");
    const bob = await signUpUser(server.client, "Bob");
    const asSelf = await alice.client.data(UserById, { id: alice.id });
    const asOther = await bob.client.data(UserById, { id: alice.id });
    assert.equal(asSelf.user?.email, alice.email);
    assert.equal(asOther.user?.email, null);

    await createItem(alice);
    assert.equal((await alice.client.data(UserOrders, { id: alice.id })).user?.orders.totalCount, 0);
    assert.deepEqual(errorCodes(await bob.client.request(UserOrders, { id: alice.id })), ["FORBIDDEN"]);
    assert.deepEqual(errorCodes(await server.client.request(UserOrders, { id: alice.id })), ["UNAUTHENTICATED"]);
  });
});
