import "reflect-metadata";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { buildSchema, findBreakingChanges } from "graphql";
import { projectRoot } from "../src/config";
import { errorCatalog } from "../src/graphql/errors";
import { printAppSchema } from "../src/graphql/print-schema";
import { buildAppSchema } from "../src/graphql/schema";

/** The public contract as of its last agreed version, checked in so that a clone tests against it. */
const contractPath = path.join(projectRoot, "contract", "contract.graphql");
const readContract = () => readFileSync(contractPath, "utf8");

/** The files a clone builds, tests and reads: none may reach outside the repository. */
function ownFiles(): string[] {
  const listed = ["README.md", "package.json", ".ci/run"];
  for (const dir of ["src", "test", "bench"]) {
    for (const entry of readdirSync(path.join(projectRoot, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith(".ts")) listed.push(path.relative(projectRoot, path.join(entry.parentPath, entry.name)));
    }
  }
  return listed;
}

describe("schema.graphql", () => {
  it("is what the resolver classes emit (run `npm run schema` after changing them)", async () => {
    const emitted = printAppSchema(await buildAppSchema());
    assert.equal(readFileSync(path.join(projectRoot, "schema.graphql"), "utf8"), emitted);
  });

  it("holds the whole public contract: no type, field, argument or enum value missing or changed", () => {
    const emitted = buildSchema(readFileSync(path.join(projectRoot, "schema.graphql"), "utf8"));
    const breaks = findBreakingChanges(buildSchema(readContract()), emitted).map((change) => change.description);
    assert.deepEqual(breaks, []);
  });

  it("is checked against the contract the repository holds, not a file beside it", () => {
    const outside = /\.\.\/shared|"\.\.", "shared"/;
    const offenders = ownFiles().filter((file) => outside.test(readFileSync(path.join(projectRoot, file), "utf8")));
    assert.deepEqual(offenders, []);
  });

  it("lists the same error codes as the contract, in its order", () => {
    const contractCodes = [...readContract().matchAll(/^#\s{3}([A-Z_]+)\s/gm)].map((match) => match[1]);
    assert.deepEqual(Object.keys(errorCatalog), contractCodes);
  });
});
