import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { graphql } from "./__generated__";
import { type GraphQLResponse, errorCodes } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { CreateItem, SignUp, unique } from "./support/fixtures";
import { fromNewAddress, insertUser } from "./support/limits";
import { readMetric } from "./support/metrics";
import { deleteKeys, sharedRedisEnv } from "./support/redis";
import { type TestServer, startTestServer } from "./support/server";

const LogIn = graphql(`
  mutation LimitsLogIn($email: String!, $password: String!) { logIn(email: $email, password: $password) { token } }
`);

const SignUpThenLogIn = graphql(`
  mutation LimitsSignUpThenLogIn($input: SignUpInput!, $email: String!, $password: String!) {
    signUp(input: $input) { user { id } }
    logIn(email: $email, password: $password) { token }
  }
`);

const PlaceOrder = graphql(`
  mutation LimitsPlaceOrder($itemId: ID!) { placeOrder(itemId: $itemId, quantity: 1) { id } }
`);

const max = 3;
const windowSeconds = 2;
const password = "correct horse battery";
const newAccount = () => ({ name: "Limited", email: `limited-${unique()}@example.com`, password });

type Call = (server: TestServer) => Promise<GraphQLResponse<unknown>>;

/** Each limited field, and how to make a client of it: every call of one client counts against one limit. */
const limitedFields: Array<{ name: string; newClient(servers: TestServer[], database: TestDatabase): Promise<Call> }> = [
  {
    name: "logIn",
    async newClient([server]) {
      const account = newAccount();
      await server.client.data(SignUp, { input: account });
      const address = fromNewAddress();
      return (on) => on.client.request(LogIn, { email: account.email, password }, address);
    },
  },
  {
    name: "signUp",
    async newClient() {
      const address = fromNewAddress();
      return (on) => on.client.request(SignUp, { input: newAccount() }, address);
    },
  },
  {
    name: "placeOrder",
    async newClient([server], database) {
      const seller = await insertUser(database, server);
      const item = { sku: `SKU-${unique()}`, name: "Widget", priceCents: 100, stock: 100 };
      const { createItem } = await seller.client.data(CreateItem, { input: item });
      const buyer = await insertUser(database, server);
      return (on) => on.client.as(buyer.token).request(PlaceOrder, { itemId: createItem.id });
    },
  },
];

describe("per-field rate limits, shared by two servers through Redis", () => {
  let database: TestDatabase;
  let servers: TestServer[];
  const redisEnv = sharedRedisEnv();

  before(async () => {
    database = await createTestDatabase();
    const env = {
      ...redisEnv,
      ...Object.fromEntries(
        ["LOG_IN", "SIGN_UP", "PLACE_ORDER"].flatMap((limit) => [
          [`RATE_LIMIT_${limit}_MAX`, String(max)],
          [`RATE_LIMIT_${limit}_WINDOW_SECONDS`, String(windowSeconds)],
        ]),
      ),
    };
    servers = [await startTestServer(database, env), await startTestServer(database, env)];
  });
  after(async () => {
    for (const server of servers ?? []) await server.stop();
    await database?.drop();
    await deleteKeys(redisEnv);
  });

  for (const field of limitedFields) {
    it(`${field.name}: the call after ${max} in a window is RATE_LIMITED on either server, and works again after it`, async () => {
      const call = await field.newClient(servers, database);
      for (let n = 0; n < max; n++) {
        assert.deepEqual(errorCodes(await call(servers[n % 2])), [], `call ${n + 1} is let through`);
      }
      const refused = await call(servers[max % 2]);
      assert.deepEqual(errorCodes(refused), ["RATE_LIMITED"]);
      assert.deepEqual(refused.errors?.[0].path, [field.name]);
      const retryAfterSeconds = refused.errors?.[0].extensions?.retryAfterSeconds;
      assert.ok(typeof retryAfterSeconds === "number" && retryAfterSeconds >= 1 && retryAfterSeconds <= windowSeconds, `retryAfterSeconds ${retryAfterSeconds}`);

      await sleep(retryAfterSeconds * 1000);
      assert.deepEqual(errorCodes(await call(servers[1])), []);
    });
  }

  it("refuses only the field over its limit: the other fields of the operation still run", async () => {
    const address = fromNewAddress();
    const account = newAccount();
    await servers[0].client.data(SignUp, { input: account });
    for (let n = 0; n < max; n++) await servers[0].client.request(LogIn, { email: account.email, password: "wrong password" }, address);

    const newcomer = newAccount();
    const response = await servers[0].client.request(SignUpThenLogIn, { input: newcomer, email: account.email, password }, address);
    assert.deepEqual(errorCodes(response), ["RATE_LIMITED"]);
    assert.deepEqual(response.errors?.[0].path, ["logIn"]);
    const signedUp = await database.query("select id from users where email = $1", [newcomer.email]);
    assert.equal(signedUp.length, 1, "signUp, in the same operation, ran");
  });

  it("counts logIn per address and email: another email from the same address is not refused", async () => {
    const address = fromNewAddress();
    const first = newAccount();
    const second = newAccount();
    await servers[0].client.data(SignUp, { input: first });
    await servers[0].client.data(SignUp, { input: second });
    for (let n = 0; n <= max; n++) await servers[0].client.request(LogIn, { email: first.email, password }, address);
    assert.deepEqual(errorCodes(await servers[1].client.request(LogIn, { email: first.email.toUpperCase(), password }, address)), ["RATE_LIMITED"]);
    assert.deepEqual(errorCodes(await servers[1].client.request(LogIn, { email: second.email, password }, address)), []);
  });
});

describe("logIn under a burst", () => {
  let database: TestDatabase;
  let servers: TestServer[];
  const redisEnv = sharedRedisEnv();

  before(async () => {
    database = await createTestDatabase();
    // The production default: 5 per minute per address and email.
    const env = { ...redisEnv, RATE_LIMIT_LOG_IN_MAX: "5", RATE_LIMIT_LOG_IN_WINDOW_SECONDS: "60" };
    servers = [await startTestServer(database, env), await startTestServer(database, env)];
  });
  after(async () => {
    for (const server of servers ?? []) await server.stop();
    await database?.drop();
    await deleteKeys(redisEnv);
  });

  it("lets exactly 5 of 50 concurrent calls from one client through, across two servers", async () => {
    const account = newAccount();
    await servers[0].client.data(SignUp, { input: account });
    const address = fromNewAddress();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, n) => servers[n % 2].client.request(LogIn, { email: account.email, password }, address)),
    );
    const codes = responses.map((response) => errorCodes(response)[0] ?? "OK");
    assert.equal(codes.filter((code) => code === "OK").length, 5);
    assert.equal(codes.filter((code) => code === "RATE_LIMITED").length, 45);
    const counted = await Promise.all(servers.map((server) => readMetric(server.url, "skein_rate_limited_total", { limit: "logIn" })));
    assert.equal(counted[0] + counted[1], 45, "skein_rate_limited_total counts every refusal");
  });
});
