import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { freePort } from "./support/free-port";
import { baseEnv, distEntry, runNode } from "./support/processes";
import { spawnServer } from "./support/server-process";
import { graphql } from "./__generated__";

const NestedCatalog = graphql(`
  query EmbeddedCatalog { users(first: 50) { nodes { items(first: 10) { nodes { owner { name } } } } } }
`);

describe("configuration at start-up", () => {
  const cases: Array<{ env: Record<string, string>; line: RegExp }> = [
    { env: { DATABASE_URL: "mysql://localhost/x" }, line: /^config: DATABASE_URL: must start with postgres/m },
    { env: { PORT: "eighty" }, line: /^config: PORT: /m },
    { env: { DB_POOL_MAX: "0" }, line: /^config: DB_POOL_MAX: /m },
    { env: { NODE_ENV: "production", DATABASE_URL: "postgres://localhost/x" }, line: /^config: JWT_SECRET: required/m },
    // Any NODE_ENV: the built-in development secret is public, so tokens forged with it would be accepted.
    { env: { NODE_ENV: "development", DATABASE_URL: "postgres://127.0.0.1:1/x" }, line: /^config: JWT_SECRET: required when DATABASE_URL is set/m },
    { env: { JWT_SECRET: "short" }, line: /^config: JWT_SECRET: must be at least 32 characters/m },
    // The features' sections are validated with the core's, with the same lines.
    { env: { JOB_MAX_ATTEMPTS: "0" }, line: /^config: JOB_MAX_ATTEMPTS: /m },
    { env: { SMTP_URL: "http://mail.example" }, line: /^config: SMTP_URL: must start with smtp:\/\/ or smtps:\/\//m },
    { env: { REPORT_SIGNING_SECRET: "short" }, line: /^config: REPORT_SIGNING_SECRET: must be at least 32 characters/m },
    { env: { RATE_LIMIT_LOG_IN_MAX: "many" }, line: /^config: RATE_LIMIT_LOG_IN_MAX: /m },
  ];
  for (const { env, line } of cases) {
    it(`stops with one line naming the variable: ${Object.keys(env).at(-1)}`, async () => {
      const result = await runNode(distEntry("main.js"), [], baseEnv(env));
      assert.equal(result.code, 1);
      assert.match(result.stderr, line);
    });
  }

  it("lists every problem, one line each, the core's and the features'", async () => {
    const result = await runNode(distEntry("main.js"), [], baseEnv({ PORT: "x", LOG_LEVEL: "loud", JOB_BACKOFF_MS: "soon" }));
    assert.equal(result.code, 1);
    assert.deepEqual(
      result.stderr.trim().split("\n").map((text) => text.split(":")[1].trim()),
      ["PORT", "LOG_LEVEL", "JOB_BACKOFF_MS"],
    );
  });
});

describe("npm run db:seed", () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database?.drop();
  });

  it("fills a database with deterministic data and adds nothing when run again", async () => {
    const seed = () => runNode(distEntry("cli/seed.js"), ["--users", "30", "--items-per-user", "4"], baseEnv({ DATABASE_URL: database.url }));
    const first = await seed();
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /seeded 30 users and 120 items/);
    const second = await seed();
    assert.match(second.stdout, /seeded 0 users and 0 items/);
    const [row] = await database.query(
      "select count(*)::int as items, min(sku) as first_sku, sum(price_cents)::int as prices from items",
    );
    assert.deepEqual(row, { items: 120, first_sku: "SEED-1-1", prices: row.prices });
    const [again] = await database.query("select sum(price_cents)::int as prices from items");
    assert.equal(again.prices, 120 * 100 + [...Array(30).keys()].flatMap((u) => [1, 2, 3, 4].map((k) => ((u + 1) * 37 + k * 101) % 9900)).reduce((a, b) => a + b));
  });
});

describe("npm start -- --migrate", () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  after(async () => {
    await database?.drop();
  });

  it("applies the migrations to an empty DATABASE_URL database before serving", async () => {
    const server = await spawnServer(database.url, { args: ["--migrate"] });
    try {
      const { users } = await server.client.data(NestedCatalog);
      assert.deepEqual(users.nodes, [], "migrated, and not seeded: seeding is for the embedded default only");
      const [row] = await database.query("select count(*)::int as n from drizzle.__drizzle_migrations");
      assert.ok(row.n >= 1);
      assert.equal((await server.stop()).code, 0);
    } finally {
      await server.kill();
    }
  });
});

describe("the README's run command on the embedded database", () => {
  it("starts with no DATABASE_URL, migrates, seeds, and serves the nested catalog query", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "skein-embedded-"));
    chmodSync(dataDir, 0o755);
    const server = await spawnServer("", { env: { NODE_ENV: "development", DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) } });
    try {
      const [ready] = server.logs.filter((line) => line.msg === "Skein is serving");
      assert.equal(typeof ready.startupMs, "number");
      const { users } = await server.client.data(NestedCatalog);
      assert.equal(users.nodes.length, 10);
      assert.ok(users.nodes.every((user) => user.items.nodes.length === 5));
      assert.equal((await server.stop()).code, 0);
    } finally {
      await server.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
