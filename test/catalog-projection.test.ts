import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  parse,
} from "graphql";
import { featureResolvers } from "../src/features";
import { buildAppSchema } from "../src/graphql/schema";
import { ownedItemColumns } from "../src/modules/items/item.loader";
import { createUserLoaders, pagedUserColumns, userColumns } from "../src/modules/users/user.loader";
import { type UserProfile } from "../src/modules/users/user.table";
import { listUsers } from "../src/modules/users/user.service";
import { type DbHandle } from "../src/db/database";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { statementsDuring } from "./support/metrics";
import { type TestServer, startTestServer } from "./support/server";

let schema: GraphQLSchema;
before(async () => {
  schema = await buildAppSchema(featureResolvers);
});

/** The resolve info the executor hands `parentType.fieldName` at its first place in `document`: the place, the operation, the fragments and the type. */
function infoAt(document: string, parentType: string, fieldName: string): GraphQLResolveInfo {
  const parsed = parse(document);
  const fragments = Object.fromEntries(
    parsed.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
  );
  const operation = parsed.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
  let found: FieldNode | undefined;
  const search = (node: { selectionSet?: { selections: readonly unknown[] } }) => {
    for (const selection of (node.selectionSet?.selections ?? []) as FieldNode[]) {
      if (found) return;
      if (selection.kind === Kind.FIELD && selection.name.value === fieldName) found = selection;
      else search(selection);
    }
  };
  search(operation);
  const returnType = (schema.getType(parentType) as GraphQLObjectType).getFields()[fieldName].type;
  return { fieldNodes: [found!], fragments, operation, schema, returnType } as unknown as GraphQLResolveInfo;
}

const infoAtItems = (document: string): GraphQLResolveInfo => infoAt(document, "User", "items");
const columnsOf = (document: string): string => ownedItemColumns(infoAtItems(document)).key;
const userPageColumnsOf = (document: string): string => pagedUserColumns(infoAt(document, "Query", "users")).key;

describe("catalog pages read only the columns the query selects", () => {
  it("picks the selected columns through nodes, edges, inline fragments and spreads, with the id and the parent key always", () => {
    assert.equal(columnsOf("{ users { nodes { items { nodes { id name owner { name } } } } } }"), "id,name,ownerId");
    assert.equal(columnsOf("{ users { nodes { items { nodes { __typename } } } } }"), "id,ownerId");
    assert.equal(
      columnsOf("{ users { nodes { items { edges { cursor node { ...Priced } } nodes { ... on Item { sku } } } } } } fragment Priced on Item { priceCents description }"),
      "id,sku,description,priceCents,ownerId",
    );
    // Directives are not evaluated here: a field that may be skipped is read anyway.
    assert.equal(columnsOf("query($s: Boolean!) { users { nodes { items { nodes { stock @skip(if: $s) } } } } }"), "id,stock,ownerId");
  });

  it("reads every column for a field it cannot map to one", () => {
    assert.equal(columnsOf("{ users { nodes { items { nodes { id fieldAddedByAnotherFeature } } } } }"), "id,sku,name,description,priceCents,stock,ownerId,createdAt");
  });

  it("reads for a page of users what the operation selects on any User, so the rows held as owners cover every owner selection", () => {
    assert.equal(userPageColumnsOf("{ users { nodes { id name items { nodes { id name priceCents owner { id name } } } } } }"), "id,name");
    assert.equal(userPageColumnsOf("{ users { nodes { id items { nodes { sku owner { name } } } } } }"), "id,name");
    assert.equal(userPageColumnsOf("{ users { edges { node { ...Who } } } } fragment Who on User { email createdAt orders { totalCount } }"), "id,email,createdAt");
    // Never the password hash, even for a field it cannot map.
    assert.equal(userPageColumnsOf("{ users { nodes { id fieldAddedByAnotherFeature } } }"), "id,name,email,role,createdAt,updatedAt");
  });

  it("reads for an item's owner what its own selection asks for", () => {
    assert.equal(userColumns(infoAt("{ items { nodes { owner { name } } } }", "Item", "owner")).key, "id,name");
    assert.equal(userColumns(infoAt("{ items { nodes { owner { role email } } } }", "Item", "owner")).key, "id,email,role");
  });

  it("gives one projection object per column set, so loaders and readers key on it", () => {
    const document = "{ users { nodes { items { nodes { id name } } } } }";
    assert.equal(ownedItemColumns(infoAtItems(document)), ownedItemColumns(infoAtItems(document)));
  });

  describe("over HTTP", () => {
    let database: TestDatabase;
    let server: TestServer;

    before(async () => {
      database = await createTestDatabase();
      server = await startTestServer(database);
      await database.query(`insert into users (name, email, password_hash) select 'P ' || n, 'p-' || n || '@example.com', 'x' from generate_series(1, 4) n`);
      await database.query(`
        insert into items (sku, name, description, price_cents, stock, owner_id)
        select 'P-' || u.id || '-' || k, 'Thing ' || k, 'About thing ' || k, 100 + k, k, u.id from users u cross join generate_series(1, 3) k`);
    });
    after(async () => {
      await server?.stop();
      await database?.drop();
    });

    it("answers two selections of one user's items that read different columns, each with its own rows", async () => {
      const query = `{ users(first: 4) { nodes { id
        narrow: items(first: 3) { nodes { id name } }
        wide: items(first: 3) { edges { node { id sku description priceCents stock createdAt owner { id } } } } } } }`;
      let response: Awaited<ReturnType<typeof server.client.request>> | undefined;
      const statements = await statementsDuring(server.url, async () => {
        response = await server.client.request(query);
      });
      assert.equal(response?.errors, undefined);
      const rows = await database.query<{ id: string; owner_id: string; name: string; sku: string; description: string; price_cents: number; stock: number; created_at: Date }>(
        "select * from items order by owner_id, id",
      );
      type Shown = { id: string; narrow: { nodes: unknown[] }; wide: { edges: Array<{ node: unknown }> } };
      for (const user of (response?.data as { users: { nodes: Shown[] } }).users.nodes) {
        const own = rows.filter((row) => row.owner_id === user.id);
        assert.deepEqual(user.narrow.nodes, own.map((row) => ({ id: row.id, name: row.name })));
        assert.deepEqual(
          user.wide.edges.map((edge) => edge.node),
          own.map((row) => ({
            id: row.id,
            sku: row.sku,
            description: row.description,
            priceCents: row.price_cents,
            stock: row.stock,
            createdAt: row.created_at.toISOString(),
            owner: { id: user.id },
          })),
        );
      }
      // The users page, then one page statement per column set: the two selections are not merged.
      assert.equal(statements, 3);
    });

    it("answers owners that select more than the page shows from the page's own rows, in 2 statements", async () => {
      const query = `{ users(first: 4) { nodes { id items(first: 3) { nodes { id owner { id name role createdAt } } } } } }`;
      let response: Awaited<ReturnType<typeof server.client.request>> | undefined;
      const statements = await statementsDuring(server.url, async () => {
        response = await server.client.request(query);
      });
      assert.equal(response?.errors, undefined);
      const owners = await database.query<{ id: string; name: string; role: string; created_at: Date }>("select id, name, role, created_at from users order by id");
      type Shown = { id: string; items: { nodes: Array<{ owner: unknown }> } };
      const users = (response?.data as { users: { nodes: Shown[] } }).users.nodes;
      assert.equal(users.length, 4);
      for (const user of users) {
        const row = owners.find((owner) => owner.id === user.id)!;
        const shown = { id: row.id, name: row.name, role: row.role.toUpperCase(), createdAt: row.created_at.toISOString() };
        assert.deepEqual(
          user.items.nodes.map((item) => item.owner),
          [shown, shown, shown],
        );
      }
      assert.equal(statements, 2);
    });

    it("reads a page of users with only the selected columns, in one named statement, whatever the page size", async () => {
      const sent: Array<{ name?: string; text: string }> = [];
      // What the pool's connections are asked to run: PostgreSQL still runs it.
      class RecordingClient extends pg.Client {}
      const query = RecordingClient.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;
      RecordingClient.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        const [config] = args as [{ name?: string; text?: string } | string];
        if (typeof config === "object" && config.text) sent.push({ name: config.name, text: config.text });
        return query.apply(this, args);
      } as typeof RecordingClient.prototype.query;
      const pool = new pg.Pool({ connectionString: database.url, max: 1, Client: RecordingClient });
      try {
        const db = { reader: () => drizzle(pool) } as unknown as DbHandle;
        const columns = pagedUserColumns(infoAt("{ users { nodes { id name items { nodes { owner { name } } } } } }", "Query", "users"));
        const pages = [await listUsers(db, { first: 2 }, columns), await listUsers(db, { first: 3 }, columns)];
        assert.deepEqual(
          pages.map((page) => page.rows.map((row) => Object.keys(row).join(","))),
          [
            ["id,name", "id,name"],
            ["id,name", "id,name", "id,name"],
          ],
        );
        assert.equal(sent.length, 2);
        assert.ok(sent[0].name, "the statement is named");
        assert.deepEqual([sent[1].name, sent[1].text], [sent[0].name, sent[0].text]);
        assert.match(sent[0].text, /^\s*select "id", "name" from "users"/);
      } finally {
        await pool.end();
      }
    });

    it("never hands out a page's partial user row for a selection it lacks, nor as a whole profile", async () => {
      const pool = new pg.Pool({ connectionString: database.url, max: 1 });
      try {
        const [row] = await database.query<{ id: string; name: string; email: string; created_at: Date }>("select * from users order by id limit 1");
        const id = Number(row.id);
        const users = createUserLoaders(() => drizzle(pool));
        const partial = { id, name: row.name } as UserProfile;
        users.hold(partial);
        const nameOnly = userColumns(infoAt("{ items { nodes { owner { name } } } }", "Item", "owner"));
        const withEmail = userColumns(infoAt("{ items { nodes { owner { name email } } } }", "Item", "owner"));
        assert.equal(users.get(id, nameOnly), partial);
        const whole = await users.get(id, withEmail);
        assert.deepEqual([whole?.email, whole?.createdAt], [row.email, row.created_at]);
        assert.equal((await users.byId.load(id))?.email, row.email);
      } finally {
        await pool.end();
      }
    });
  });
});
