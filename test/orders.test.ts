import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { graphql } from "./__generated__";
import { errorCodes } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { CreateItem, type TestUser, createItem, signUpUser, unique } from "./support/fixtures";
import { type TestServer, startTestServer } from "./support/server";

const PlaceOrder = graphql(`
  mutation PlaceOrder($itemId: ID!, $quantity: Int!, $idempotencyKey: String) {
    placeOrder(itemId: $itemId, quantity: $quantity, idempotencyKey: $idempotencyKey) {
      id quantity totalCents item { id stock } buyer { id }
    }
  }
`);

const MyOrders = graphql(`
  query MyOrders { me { orders(first: 5) { totalCount nodes { id quantity } } } }
`);

describe("orders and items", () => {
  let database: TestDatabase;
  let server: TestServer;
  let seller: TestUser;
  let buyer: TestUser;

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer(database);
    seller = await signUpUser(server.client, "Seller");
    buyer = await signUpUser(server.client, "Buyer");
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("sells exactly the stock to 200 concurrent buyers: 50 orders, the rest INSUFFICIENT_STOCK", async () => {
    const item = await createItem(seller, { stock: 50 });
    const responses = await Promise.all(
      Array.from({ length: 200 }, () => buyer.client.request(PlaceOrder, { itemId: item.id, quantity: 1 })),
    );
    const succeeded = responses.filter((response) => response.data?.placeOrder);
    const refused = responses.filter((response) => errorCodes(response)[0] === "INSUFFICIENT_STOCK");
    assert.equal(succeeded.length, 50);
    assert.equal(refused.length, 150);
    const [row] = await database.query("select stock from items where id = $1", [item.id]);
    assert.equal(row.stock, 0);
    const [orders] = await database.query("select count(*)::int as n from orders where item_id = $1", [item.id]);
    assert.equal(orders.n, 50);
  });

  it("creates one order for one idempotencyKey sent 20 times at once, and returns it to every request", async () => {
    const item = await createItem(seller, { stock: 100, priceCents: 300 });
    const key = `checkout-${unique()}`;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => buyer.client.request(PlaceOrder, { itemId: item.id, quantity: 2, idempotencyKey: key })),
    );
    const ids = new Set(responses.map((response) => response.data?.placeOrder.id));
    assert.equal(ids.size, 1);
    assert.ok(!ids.has(undefined), JSON.stringify(responses.find((response) => response.errors)?.errors));
    assert.equal(responses[0].data?.placeOrder.totalCents, 600);
    const [row] = await database.query("select stock from items where id = $1", [item.id]);
    assert.equal(row.stock, 98);
  });

  it("treats the same key from another buyer as a different order", async () => {
    const item = await createItem(seller, { stock: 10 });
    const key = `shared-${unique()}`;
    const first = await buyer.client.data(PlaceOrder, { itemId: item.id, quantity: 1, idempotencyKey: key });
    const second = await seller.client.data(PlaceOrder, { itemId: item.id, quantity: 1, idempotencyKey: key });
    assert.notEqual(first.placeOrder.id, second.placeOrder.id);
  });

  it("refuses a key reused for a different order with BAD_USER_INPUT on idempotencyKey", async () => {
    const item = await createItem(seller, { stock: 10 });
    const key = `reuse-${unique()}`;
    await buyer.client.data(PlaceOrder, { itemId: item.id, quantity: 1, idempotencyKey: key });
    const changed = await buyer.client.request(PlaceOrder, { itemId: item.id, quantity: 3, idempotencyKey: key });
    assert.deepEqual(errorCodes(changed), ["BAD_USER_INPUT"]);
    assert.equal(changed.errors?.[0].extensions?.field, "idempotencyKey");
  });

  it("answers NOT_FOUND, BAD_USER_INPUT and UNAUTHENTICATED with nothing written", async () => {
    const item = await createItem(seller, { stock: 5 });
    const missing = await buyer.client.request(PlaceOrder, { itemId: "999999999", quantity: 1 });
    const zero = await buyer.client.request(PlaceOrder, { itemId: item.id, quantity: 0 });
    const tooMany = await buyer.client.request(PlaceOrder, { itemId: item.id, quantity: 6 });
    const anonymous = await server.client.request(PlaceOrder, { itemId: item.id, quantity: 1 });
    assert.deepEqual(errorCodes(missing), ["NOT_FOUND"]);
    assert.deepEqual(errorCodes(zero), ["BAD_USER_INPUT"]);
    assert.equal(zero.errors?.[0].extensions?.field, "quantity");
    assert.deepEqual(errorCodes(tooMany), ["INSUFFICIENT_STOCK"]);
    assert.deepEqual(errorCodes(anonymous), ["UNAUTHENTICATED"]);
    const [row] = await database.query("select stock, (select count(*)::int from orders where item_id = $1) as orders from items where id = $1", [item.id]);
    assert.deepEqual(row, { stock: 5, orders: 0 });
  });

  it("lists the buyer's orders newest first", async () => {
    const item = await createItem(seller, { stock: 10 });
    const customer = await signUpUser(server.client);
    const placed = [];
    for (const quantity of [1, 2, 3]) {
      placed.push((await customer.client.data(PlaceOrder, { itemId: item.id, quantity })).placeOrder.id);
    }
    const { me } = await customer.client.data(MyOrders);
    assert.equal(me?.orders.totalCount, 3);
    assert.deepEqual(me?.orders.nodes.map((order) => order.id), placed.reverse());
  });

  it("refuses a taken sku with ALREADY_EXISTS and a bad sku, price or stock with the field named", async () => {
    const sku = `DUP-${unique()}`;
    await createItem(seller, { sku });
    const duplicate = await seller.client.request(CreateItem, { input: { sku, name: "Again", priceCents: 1, stock: 1 } });
    assert.deepEqual(errorCodes(duplicate), ["ALREADY_EXISTS"]);
    assert.equal(duplicate.errors?.[0].extensions?.field, "sku");
    const invalid = [
      { input: { sku: "x".repeat(65), name: "Long", priceCents: 1, stock: 1 }, field: "sku" },
      { input: { sku: "has spaces", name: "Odd", priceCents: 1, stock: 1 }, field: "sku" },
      { input: { sku: `N-${unique()}`, name: "x".repeat(201), priceCents: 1, stock: 1 }, field: "name" },
      { input: { sku: `P-${unique()}`, name: "Neg", priceCents: -1, stock: 1 }, field: "priceCents" },
      { input: { sku: `S-${unique()}`, name: "Neg", priceCents: 1, stock: -5 }, field: "stock" },
    ];
    for (const { input, field } of invalid) {
      const response = await seller.client.request(CreateItem, { input });
      assert.deepEqual(errorCodes(response), ["BAD_USER_INPUT"], field);
      assert.equal(response.errors?.[0].extensions?.field, field);
    }
    const anonymous = await server.client.request(CreateItem, { input: { sku: `A-${unique()}`, name: "Anon", priceCents: 1, stock: 1 } });
    assert.deepEqual(errorCodes(anonymous), ["UNAUTHENTICATED"]);
  });
});
