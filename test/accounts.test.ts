import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { graphql } from "./__generated__";
import { errorCodes } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { SignUp, signUpUser, unique } from "./support/fixtures";
import { type TestServer, startTestServer } from "./support/server";

const LogIn = graphql(`
  mutation LogIn($email: String!, $password: String!) {
    logIn(email: $email, password: $password) { token user { id email } }
  }
`);

const Me = graphql(`
  query Me { me { id name email role } }
`);

const UpdateProfile = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { id name } }
`);

describe("accounts", () => {
  let database: TestDatabase;
  let server: TestServer;

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer(database);
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("shows the new user their own email in the signUp payload", async () => {
    const email = `self-${unique()}@example.com`;
    const { signUp } = await server.client.data(SignUp, { input: { name: "Self", email, password: "password123" } });
    assert.equal(signUp.user.email, email);
  });

  it("signs up, stores a hashed password, and the token identifies the new user", async () => {
    const user = await signUpUser(server.client, "Ada");
    const { me } = await user.client.data(Me);
    assert.deepEqual(me, { id: user.id, name: "Ada", email: user.email, role: "USER" });
    const [row] = await database.query("select password_hash from users where id = $1", [user.id]);
    assert.match(row.password_hash, /^\$argon2id\$/);
    assert.ok(!row.password_hash.includes(user.password));
  });

  it("logs in with the right password, case-insensitively on the email", async () => {
    const user = await signUpUser(server.client);
    const { logIn } = await server.client.data(LogIn, { email: user.email.toUpperCase(), password: user.password });
    assert.equal(logIn.user.id, user.id);
    assert.equal(logIn.user.email, user.email, "the new viewer sees their own email in the payload");
    assert.equal((await server.client.as(logIn.token).data(Me)).me?.id, user.id);
  });

  it("refuses a wrong password and an unknown email alike with UNAUTHENTICATED", async () => {
    const user = await signUpUser(server.client);
    const wrongPassword = await server.client.request(LogIn, { email: user.email, password: "not the password" });
    const unknownEmail = await server.client.request(LogIn, { email: `nobody-${unique()}@example.com`, password: "whatever1" });
    assert.deepEqual(errorCodes(wrongPassword), ["UNAUTHENTICATED"]);
    assert.deepEqual(errorCodes(unknownEmail), ["UNAUTHENTICATED"]);
    assert.equal(wrongPassword.errors?.[0].message, unknownEmail.errors?.[0].message);
  });

  it("refuses a taken email with ALREADY_EXISTS and writes nothing", async () => {
    const user = await signUpUser(server.client);
    const again = await server.client.request(SignUp, {
      input: { name: "Copy", email: user.email.toUpperCase(), password: "another password" },
    });
    assert.deepEqual(errorCodes(again), ["ALREADY_EXISTS"]);
    assert.equal(again.errors?.[0].extensions?.field, "email");
    const rows = await database.query("select count(*)::int as n from users where email = $1", [user.email]);
    assert.equal(rows[0].n, 1);
  });

  it("names the field that failed validation on signUp", async () => {
    const cases = [
      { input: { name: "", email: `a-${unique()}@example.com`, password: "long enough" }, field: "name" },
      { input: { name: "x".repeat(101), email: `b-${unique()}@example.com`, password: "long enough" }, field: "name" },
      { input: { name: "Ok", email: "not-an-email", password: "long enough" }, field: "email" },
      { input: { name: "Ok", email: `c-${unique()}@example.com`, password: "short" }, field: "password" },
    ];
    for (const { input, field } of cases) {
      const response = await server.client.request(SignUp, { input });
      assert.deepEqual(errorCodes(response), ["BAD_USER_INPUT"], JSON.stringify(input).slice(0, 60));
      assert.equal(response.errors?.[0].extensions?.field, field);
    }
    const rows = await database.query("select count(*)::int as n from users where email like 'a-%' or email like 'b-%'");
    assert.equal(rows[0].n, 0);
  });

  it("updates the caller's own profile and reads it back", async () => {
    const user = await signUpUser(server.client, "Before");
    const { updateProfile } = await user.client.data(UpdateProfile, { input: { name: "After" } });
    assert.deepEqual(updateProfile, { id: user.id, name: "After" });
    assert.equal((await user.client.data(Me)).me?.name, "After");
    assert.deepEqual(errorCodes(await server.client.request(UpdateProfile, { input: { name: "Anon" } })), ["UNAUTHENTICATED"]);
  });

  it("answers a missing token with me: null and a bad or malformed one with UNAUTHENTICATED (401)", async () => {
    assert.equal((await server.client.data(Me)).me, null);
    const forged = await server.client.as("not.a.jwt").request(Me);
    assert.equal(forged.status, 401);
    assert.deepEqual(errorCodes(forged), ["UNAUTHENTICATED"]);
    const notBearer = await server.client.request(Me, undefined, { authorization: "Basic abc" });
    assert.deepEqual(errorCodes(notBearer), ["UNAUTHENTICATED"]);
  });
});
