import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Client } from "graphql-ws";
import { graphql } from "./__generated__";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { type TestUser, signUpUser } from "./support/fixtures";
import { MyJobs } from "./support/jobs";
import { type Subscribed, subscribe, wsClient } from "./support/subscriptions";
import { type TestServer, startTestServer } from "./support/server";

const WatchJob = graphql(`
  subscription RecheckWatchJob($id: ID!) { jobUpdated(id: $id) { id } }
`);

const WatchMyJobs = graphql(`
  subscription RecheckWatchMyJobs { myJobUpdated { id } }
`);

/** Past ROLE_CACHE_TTL_SECONDS (1 here): the role cache has let go of what it knew. */
const afterRoleTtl = () => new Promise((resolve) => setTimeout(resolve, 1_200));

/** The contract codes a subscription was refused or ended with. */
async function codesOf(subscribed: Subscribed<unknown>): Promise<unknown[]> {
  // A subscribe that was let through stays open: give up on it after a while and report what it sent.
  const ending = await Promise.race([subscribed.ended, new Promise<{ completed: false }>((resolve) => setTimeout(resolve, 5_000, { completed: false }))]);
  const refusal = "error" in ending && Array.isArray(ending.error) ? (ending.error as Array<{ extensions?: { code?: unknown } }>) : [];
  const inResults = subscribed.results.flatMap((result) => result.errors ?? []);
  return [...refusal, ...inResults].map((error) => error.extensions?.code);
}

/**
 * A WebSocket lives as long as its token (7 days by default), far longer than
 * the role cache: each subscribe acts with the viewer's role as it is then,
 * as an HTTP request does (issue 18, item 5).
 */
describe("an open WebSocket after its user's role changes", () => {
  let database: TestDatabase;
  let server: TestServer;
  let alice: TestUser;
  let aliceJobId: string;

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer(database, { ROLE_CACHE_TTL_SECONDS: "1" });
    alice = await signUpUser(server.client, "Alice");
    aliceJobId = (await alice.client.data(MyJobs, {})).jobs.nodes[0].id;
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  /** A connected client whose socket stays open: it holds a subscription that never ends by itself. */
  async function openSocket(user: TestUser): Promise<{ client: Client; stillOpen: () => boolean }> {
    const client = wsClient(server.url, user.token);
    const connected = new Promise((resolve) => client.on("connected", resolve));
    let open = true;
    void subscribe(client, WatchMyJobs, {}).ended.then(() => (open = false));
    await connected;
    return { client, stillOpen: () => open };
  }

  it("no longer lets a demoted admin's socket subscribe to another user's job", async () => {
    const admin = await signUpUser(server.client, "Admin");
    await database.query("update users set role = 'ADMIN' where id = $1", [admin.id]);
    await afterRoleTtl();
    const { client, stillOpen } = await openSocket(admin);
    try {
      const asAdmin = subscribe(client, WatchJob, { id: aliceJobId });
      await asAdmin.waitFor((result) => result.data?.jobUpdated.id === aliceJobId);
      asAdmin.unsubscribe();

      await database.query("update users set role = 'USER' where id = $1", [admin.id]);
      await afterRoleTtl();
      const demoted = subscribe(client, WatchJob, { id: aliceJobId });
      assert.deepEqual(await codesOf(demoted), ["NOT_FOUND"]);
      assert.ok(demoted.results.every((result) => !result.data));
      assert.ok(stillOpen(), "both on the socket opened while the user was an admin");
    } finally {
      await client.dispose();
    }
  });

  it("refuses a deleted user's subscribe with UNAUTHENTICATED", async () => {
    const bob = await signUpUser(server.client, "Bob");
    const { client, stillOpen } = await openSocket(bob);
    try {
      await database.query("delete from users where id = $1", [bob.id]);
      await afterRoleTtl();
      assert.deepEqual(await codesOf(subscribe(client, WatchMyJobs, {})), ["UNAUTHENTICATED"]);
      assert.ok(stillOpen(), "refused on the socket opened while the user existed");
    } finally {
      await client.dispose();
    }
  });
});
