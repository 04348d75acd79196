import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { graphql } from "./__generated__";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { type TestUser, createItem, signUpUser, unique } from "./support/fixtures";
import { statementsPerPoolDuring } from "./support/metrics";
import { type TestServer, startTestServer } from "./support/server";

const Catalog = graphql(`
  query ReplicaCatalog { items(first: 5) { nodes { id owner { name } } } }
`);

const CreateAndRead = graphql(`
  mutation CreateAndRead($input: CreateItemInput!) {
    createItem(input: $input) { id owner { name items { totalCount } } }
  }
`);

describe("read replicas", () => {
  let database: TestDatabase;
  let server: TestServer;
  let seller: TestUser;

  before(async () => {
    database = await createTestDatabase();
    // The replica pool points at the same database: what is counted is which pool a statement used.
    server = await startTestServer(database, { DATABASE_REPLICA_URLS: database.url });
    seller = await signUpUser(server.client);
    await createItem(seller);
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("sends a query's reads to the replica pool", async () => {
    const counts = await statementsPerPoolDuring(server.url, () => server.client.data(Catalog));
    assert.equal(counts.primary, 0);
    assert.ok(counts.replica >= 2, `replica ran ${counts.replica}`);
  });

  it("sends a mutation's writes and every read after them to the primary", async () => {
    let ownerItems = 0;
    const counts = await statementsPerPoolDuring(server.url, async () => {
      const { createItem } = await seller.client.data(CreateAndRead, {
        input: { sku: `R-${unique()}`, name: "Fresh", priceCents: 100, stock: 1 },
      });
      ownerItems = createItem.owner.items.totalCount;
    });
    assert.equal(ownerItems, 2, "the item from before() and this one: the request reads its own write");
    assert.equal(counts.replica, 0);
    assert.ok(counts.primary >= 3, `primary ran ${counts.primary}`);
  });
});
