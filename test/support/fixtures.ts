import { randomBytes } from "node:crypto";
import { graphql } from "../__generated__";
import { type GraphQLClient } from "./client";
import { type TestDatabase } from "./database";

export const SignUp = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      token
      user { id name email role }
    }
  }
`);

const LogInAgain = graphql(`
  mutation LogInAsAdminAgain($email: String!, $password: String!) { logIn(email: $email, password: $password) { token } }
`);

export const CreateItem = graphql(`
  mutation CreateItem($input: CreateItemInput!) {
    createItem(input: $input) { id sku name priceCents stock owner { id } }
  }
`);

/** A unique suffix, so rows made by one test never collide with another's. */
export const unique = (): string => randomBytes(5).toString("hex");

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
  client: GraphQLClient;
}

export async function signUpUser(client: GraphQLClient, name = "Test User"): Promise<TestUser> {
  const email = `user-${unique()}@example.com`;
  const password = "correct horse battery";
  const { signUp } = await client.data(SignUp, { input: { name, email, password } });
  return { id: signUp.user.id, email, password, token: signUp.token, client: client.as(signUp.token) };
}

/** A user made ADMIN in the database, logged in again so the token carries the role too (the queue dashboard reads it there). */
export async function signUpAdmin(client: GraphQLClient, database: TestDatabase): Promise<TestUser> {
  const admin = await signUpUser(client, "Admin");
  await database.query("update users set role = 'ADMIN' where id = $1", [admin.id]);
  const { logIn } = await client.data(LogInAgain, { email: admin.email, password: admin.password });
  return { ...admin, token: logIn.token, client: client.as(logIn.token) };
}

export async function createItem(user: TestUser, overrides: { stock?: number; priceCents?: number; sku?: string } = {}) {
  const { createItem } = await user.client.data(CreateItem, {
    input: { sku: overrides.sku ?? `SKU-${unique()}`, name: "Widget", priceCents: overrides.priceCents ?? 250, stock: overrides.stock ?? 10 },
  });
  return createItem;
}
