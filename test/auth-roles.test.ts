import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { TokenSigner } from "../src/identity/tokens";
import { graphql } from "./__generated__";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { errorCodes } from "./support/client";
import { signUpUser } from "./support/fixtures";
import { type TestServer, startTestServer, testJwtSecret } from "./support/server";

const LogInAsAdmin = graphql(`
  mutation LogInAsAdmin($email: String!, $password: String!) { logIn(email: $email, password: $password) { token user { role } } }
`);

const UserEmail = graphql(`
  query UserEmail($id: ID!) { user(id: $id) { email } }
`);

describe("roles come from the database, not the token", () => {
  let database: TestDatabase;
  let server: TestServer;

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer(database, { ROLE_CACHE_TTL_SECONDS: "1" });
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("takes admin rights from a demoted admin within ROLE_CACHE_TTL_SECONDS, token unchanged", async () => {
    const other = await signUpUser(server.client);
    const admin = await signUpUser(server.client, "Admin");
    await database.query("update users set role = 'ADMIN' where id = $1", [admin.id]);
    const { logIn } = await server.client.data(LogInAsAdmin, { email: admin.email, password: admin.password });
    assert.equal(logIn.user.role, "ADMIN");
    const asAdmin = server.client.as(logIn.token);
    assert.equal((await asAdmin.data(UserEmail, { id: other.id })).user?.email, other.email, "an admin sees anyone's email");

    await database.query("update users set role = 'USER' where id = $1", [admin.id]);
    // A TTL of one second: within 5 s the same token must no longer carry admin rights.
    let email: string | null | undefined = other.email;
    for (let attempt = 0; attempt < 50 && email !== null; attempt++) {
      await sleep(100);
      email = (await asAdmin.data(UserEmail, { id: other.id })).user?.email;
    }
    assert.equal(email, null);
  });

  it("accepts a token used again and again only until its exp, then refuses it as expired", async () => {
    const user = await signUpUser(server.client);
    const token = await new TokenSigner(testJwtSecret, 2).sign({ id: Number(user.id), role: "USER" });
    const expiresAtMs = (JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()) as { exp: number }).exp * 1_000;
    const asUser = server.client.as(token);
    for (let use = 0; use < 3; use++) assert.deepEqual((await asUser.request("{ me { id } }")).data, { me: { id: user.id } });
    await sleep(Math.max(0, expiresAtMs - Date.now()) + 50);
    const refused = await asUser.request("{ me { id } }");
    assert.deepEqual(errorCodes(refused), ["UNAUTHENTICATED"]);
    assert.equal(refused.errors?.[0].message, "The token has expired; log in again.");
  });
});
