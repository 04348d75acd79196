import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { auditServer } from "graphql-http";
import { spawnedServerPerSuite } from "./support/server-process";

// graphql-http's audit of the GraphQL-over-HTTP spec, against the API as production starts it.

describe("GraphQL over HTTP (graphql-http's auditServer)", () => {
  const suite = spawnedServerPerSuite();

  it("passes with no warning and no error", async (t) => {
    const results = await auditServer({ url: `${suite.server.url}/graphql` });
    const count = (status: string) => results.filter((result) => result.status === status).length;
    t.diagnostic(`graphql-http audit: ${count("ok")} ok, ${count("warn")} warn, ${count("notice")} notice, ${count("error")} error of ${results.length}`);
    for (const notice of results.filter((result) => result.status === "notice")) t.diagnostic(`notice ${notice.id} ${notice.name}: ${"reason" in notice ? notice.reason : ""}`);
    const problems = results.filter((result) => result.status === "warn" || result.status === "error");
    assert.deepEqual(
      problems.map((result) => `${result.status} ${result.name}: ${"reason" in result ? result.reason : ""}`),
      [],
    );
  });
});
