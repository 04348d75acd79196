import "reflect-metadata";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { buildSchema, findBreakingChanges } from "graphql";
import { projectRoot } from "../src/config";
import { errorCatalog } from "../src/errors";
import { printAppSchema } from "../src/graphql/print-schema";
import { featureResolvers } from "../src/features";
import { buildAppSchema } from "../src/graphql/schema";

/** The public contract as of its last agreed version, checked in so that a clone tests against it. */
const contractPath = path.join(projectRoot, "contract", "contract.graphql");
const readContract = () => readFileSync(contractPath, "utf8");

describe("schema.graphql", () => {
  it("is what the resolver classes emit (run `npm run schema` after changing them)", async () => {
    const emitted = printAppSchema(await buildAppSchema(featureResolvers));
    assert.equal(readFileSync(path.join(projectRoot, "schema.graphql"), "utf8"), emitted);
  });

  it("holds the whole public contract: no type, field, argument or enum value missing or changed", () => {
    const emitted = buildSchema(readFileSync(path.join(projectRoot, "schema.graphql"), "utf8"));
    const breaks = findBreakingChanges(buildSchema(readContract()), emitted).map((change) => change.description);
    assert.deepEqual(breaks, []);
  });

  it("lists the same error codes as the contract, in its order", () => {
    const contractCodes = [...readContract().matchAll(/^#\s{3}([A-Z_]+)\s/gm)].map((match) => match[1]);
    assert.deepEqual(Object.keys(errorCatalog), contractCodes);
  });
});
