import { randomInt } from "node:crypto";
import { type GraphQLClient } from "./client";
import { type TestDatabase } from "./database";
import { unique } from "./fixtures";
import { type TestServer } from "./server";

/**
 * Headers that make a request come from an address of its own (the server
 * trusts X-Forwarded-For from loopback), so tests never share an IP's count.
 */
export const fromNewAddress = (): Record<string, string> => ({
  "x-forwarded-for": `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`,
});

/**
 * A user made directly in the database, with a token from `server`: no
 * signUp call, so arranging a test spends nothing of the signUp limit.
 */
export async function insertUser(database: TestDatabase, server: TestServer, name = "Limited User"): Promise<{ id: string; token: string; client: GraphQLClient }> {
  const [row] = await database.query<{ id: string }>(
    "insert into users (name, email, password_hash) values ($1, $2, 'x') returning id",
    [name, `user-${unique()}@example.com`],
  );
  const token = await server.app.services.tokens.sign({ id: Number(row.id), role: "USER" });
  return { id: String(row.id), token, client: server.client.as(token) };
}
