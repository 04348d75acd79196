import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { spawnServer } from "./support/server-process";

/** True while any process of the group led by `pid` is alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("npm start", () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database?.drop();
  });

  it("passes SIGTERM on to node: the server shuts down in order, and no process of it is left", async () => {
    const server = await spawnServer(database.url, { npmScript: "start" });
    try {
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      const exit = await server.stop("SIGTERM");
      assert.equal(exit.code, 0, server.output().slice(-2_000));
      assert.ok(server.logs.some((line) => line.msg === "shutting down" && line.signal === "SIGTERM"), "node got the signal");
      assert.equal(groupAlive(server.child.pid!), false, "a process of `npm start` is still running");
    } finally {
      await server.kill();
    }
  });
});
