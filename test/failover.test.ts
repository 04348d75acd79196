import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import pino from "pino";
import { projectRoot } from "../src/config";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "../src/db/embedded-postgres";
import { applyMigrations } from "../src/db/migrate";
import { graphql } from "./__generated__";
import { errorCodes } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { SignUp } from "./support/fixtures";
import { freePort } from "./support/free-port";
import { readMetric } from "./support/metrics";
import { deleteKeys, sharedRedisEnv } from "./support/redis";
import { type TestServer, startTestServer } from "./support/server";

const UserNames = graphql(`
  query FailoverUserNames { users(first: 10) { nodes { name } } }
`);

async function insertUser(url: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("insert into users (name, email, password_hash) values ($1, $2, 'x')", [name, `${name.replace(/\W/g, "")}@example.com`]);
  await client.end();
}

describe("a read replica that goes away", () => {
  let primary: TestDatabase;
  let replica: EmbeddedPostgres;
  let replicaDir: string;
  let server: TestServer;

  before(async () => {
    primary = await createTestDatabase();
    // A separate PostgreSQL server plays the replica; its rows differ from the
    // primary's, so each answer shows which server it was read from.
    replicaDir = mkdtempSync(path.join(tmpdir(), "skein-replica-"));
    chmodSync(replicaDir, 0o755);
    replica = await startEmbeddedPostgres(replicaDir, await freePort(), pino({ level: "silent" }));
    await applyMigrations(replica.url, path.join(projectRoot, "drizzle"));
    await insertUser(primary.url, "On the primary");
    await insertUser(replica.url, "On the replica");
    server = await startTestServer(primary, { DATABASE_REPLICA_URLS: replica.url, DB_REPLICA_RETRY_AFTER_MS: "60000" });
  });
  after(async () => {
    await server?.stop();
    await replica?.stop();
    rmSync(replicaDir, { recursive: true, force: true });
    await primary?.drop();
  });

  it("reads from the replica while it is up", async () => {
    const { users } = await server.client.data(UserNames);
    assert.deepEqual(users.nodes.map((user) => user.name), ["On the replica"]);
  });

  it("reads from the primary, with no error, once the replica is stopped", async () => {
    await replica.stop();
    const { users } = await server.client.data(UserNames);
    assert.deepEqual(users.nodes.map((user) => user.name), ["On the primary"]);
    assert.equal(await readMetric(server.url, "skein_db_replica_failovers_total"), 1);
    await server.client.data(UserNames);
    assert.equal(await readMetric(server.url, "skein_db_replica_failovers_total"), 1, "skipped, not retried, within the retry window");
  });
});

describe("a primary that cannot be reached", () => {
  const redis = sharedRedisEnv();
  let server: TestServer;

  before(async () => {
    const nowhere = `postgres://postgres@127.0.0.1:${await freePort()}/skein`;
    // With Redis the queues do not live in the primary, so the API starts without it.
    server = await startTestServer({ url: nowhere } as TestDatabase, { DB_CONNECT_TIMEOUT_MS: "1000", ...redis });
  });
  after(async () => {
    await server?.stop();
    await deleteKeys(redis);
  });

  it("answers queries and mutations with SERVICE_UNAVAILABLE and keeps serving", async () => {
    assert.deepEqual(errorCodes(await server.client.request(UserNames)), ["SERVICE_UNAVAILABLE"]);
    const signUp = await server.client.request(SignUp, { input: { name: "Nobody", email: "nobody@example.com", password: "long enough" } });
    assert.deepEqual(errorCodes(signUp), ["SERVICE_UNAVAILABLE"]);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });
});
