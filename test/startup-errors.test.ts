import assert from "node:assert/strict";
import { type Server, createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { freePort } from "./support/free-port";
import { baseEnv, distEntry, runNode } from "./support/processes";
import { testJwtSecret } from "./support/server";

const start = (env: Record<string, string>, args: string[] = []) =>
  // A primary that never gives up is stopped after 20 s, and fails the test by its exit code.
  runNode(distEntry("main.js"), args, baseEnv({ JWT_SECRET: testJwtSecret, HOST: "127.0.0.1", PORT: "0", ...env }), 20_000);

const linesOf = (text: string): string[] => text.trim().split("\n").filter(Boolean);

describe("a database that cannot be used at start: one line naming DATABASE_URL, password masked", () => {
  const base = new URL(process.env.TEST_DATABASE_URL!);
  const fakePassword = "s3cret-pass";
  /** The test database's URL, changed; with a password of its own unless the change keeps the real credentials. */
  const urlWith = (change: (url: URL) => void, { realCredentials = false } = {}): string => {
    const url = new URL(base.href);
    if (!realCredentials) url.password = fakePassword;
    change(url);
    return url.href;
  };
  // Port 1 (tcpmux) is never a PostgreSQL; .invalid is a name no resolver answers (RFC 2606). A server that
  // checks passwords (the embedded one) refuses an unknown role as a failed password, not revealing it is unknown.
  const cases: Array<{ name: string; url: string; says: RegExp }> = [
    { name: "a missing role", url: urlWith((url) => (url.username = "no_such_role")), says: /role "no_such_role" does not exist|password authentication failed for user "no_such_role"/ },
    { name: "a missing database", url: urlWith((url) => (url.pathname = "/no_such_database"), { realCredentials: true }), says: /database "no_such_database" does not exist/ },
    { name: "connection refused", url: urlWith((url) => (url.port = "1")), says: /nothing accepts connections at 127\.0\.0\.1:1;/ },
    { name: "an unknown host", url: urlWith((url) => (url.hostname = "no-such-host.invalid")), says: /unknown host no-such-host\.invalid/ },
  ];
  for (const { name, url, says } of cases) {
    it(name, async () => {
      const result = await start({ DATABASE_URL: url });
      assert.equal(result.code, 1);
      const lines = linesOf(result.stderr);
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0], says);
      const password = new URL(url).password;
      if (password) {
        assert.match(lines[0], /^cannot start: DATABASE_URL \(postgres:\/\/[^ ]*:\*\*\*@/);
        assert.ok(!(result.stdout + result.stderr).includes(`:${password}@`), "the password is never printed");
      } else {
        assert.match(lines[0], /^cannot start: DATABASE_URL \(postgres:\/\//);
      }
    });
  }
});

describe("an unmigrated database without --migrate", () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  after(async () => {
    await database?.drop();
  });

  it("stops the start with one line saying to run with --migrate", async () => {
    const result = await start({ DATABASE_URL: database.url });
    assert.equal(result.code, 1);
    const lines = linesOf(result.stderr);
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0], /^cannot start: DATABASE_URL .* run with --migrate/);
  });
});

describe("--workers 2 with the port taken", () => {
  let database: TestDatabase;
  let squatter: Server;
  let port: number;
  before(async () => {
    database = await createTestDatabase();
    port = await freePort();
    squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
  });
  after(async () => {
    squatter?.close();
    await database?.drop();
  });

  it("exits 1 with one line naming PORT, without forking API processes to replace", async () => {
    const result = await start({ DATABASE_URL: database.url, PORT: String(port), LOG_LEVEL: "info" }, ["--workers", "2"]);
    assert.equal(result.code, 1, result.stdout.slice(-2_000));
    assert.deepEqual(linesOf(result.stderr), [`cannot start: PORT: 127.0.0.1:${port} is in use by another process; stop it or set another PORT`]);
    assert.doesNotMatch(result.stdout, /an API process died/);
  });
});
