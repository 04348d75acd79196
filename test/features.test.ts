import "reflect-metadata";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { features } from "../src/features";
import { type Db } from "../src/db/database";
import { type AppServices } from "../src/graphql/context";
import { type LoaderFactories, type LoaderSource, composeLoaders } from "../src/graphql/loaders";

const noDatabase = (): Db => assert.fail("building a loader must not query");
const source = (): LoaderSource => ({ read: noDatabase, primary: noDatabase, app: {} as AppServices, wrote: false, afterResponse: () => {} });

describe("the features' loaders, composed", () => {
  const createLoaders = composeLoaders(features.map((feature) => feature.loaders ?? {}));

  it("gives each request its own loaders, each feature's made once, on first use", () => {
    const first = createLoaders(source());
    const second = createLoaders(source());
    assert.equal(first.items, first.items);
    assert.notEqual(first.items, second.items);
    for (const name of ["users", "items", "orders", "jobs", "reports"] as const) assert.ok(first[name], `${name} loaders`);
  });

  it("refuses two features with loaders of the same name", () => {
    const twice: LoaderFactories[] = [{ items: () => createLoaders(source()).items }, { items: () => createLoaders(source()).items }];
    assert.throws(() => composeLoaders(twice), /two features have loaders named items/);
  });
});
