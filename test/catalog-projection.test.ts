import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, Kind, type OperationDefinitionNode, parse } from "graphql";
import { ownedItemColumns } from "../src/modules/items/item.loader";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { statementsDuring } from "./support/metrics";
import { type TestServer, startTestServer } from "./support/server";

/** The resolve info the executor hands `User.items` at the first `items` field of `document`: its place and the fragments. */
function infoAtItems(document: string): GraphQLResolveInfo {
  const parsed = parse(document);
  const fragments = Object.fromEntries(
    parsed.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
  );
  const operation = parsed.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
  let found: FieldNode | undefined;
  const search = (node: { selectionSet?: { selections: readonly unknown[] } }) => {
    for (const selection of (node.selectionSet?.selections ?? []) as FieldNode[]) {
      if (found) return;
      if (selection.kind === Kind.FIELD && selection.name.value === "items") found = selection;
      else search(selection);
    }
  };
  search(operation);
  return { fieldNodes: [found!], fragments } as unknown as GraphQLResolveInfo;
}

const columnsOf = (document: string): string => ownedItemColumns(infoAtItems(document)).key;

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
  });
});
