import "reflect-metadata";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it, mock } from "node:test";
import { type DocumentNode, type ExecutionResult, type GraphQLSchema, TypeInfo, execute, parse, validate, visit, visitWithTypeInfo } from "graphql";
import { getMetadataStorage } from "type-graphql";
import { projectRoot } from "../src/config";
import { startupLineOf } from "../src/config/startup-error";
import { featureResolvers } from "../src/features";
import { createContext } from "../src/graphql/context";
import { callFieldResolversDirectly } from "../src/graphql/executor/direct-field-resolvers";
import { TypeGraphqlMetadataShapeError, readTypeGraphqlVersion } from "../src/graphql/executor/type-graphql-metadata";
import { buildAppSchema, buildTypeGraphqlSchema } from "../src/graphql/schema";
import { validateScalarArgument } from "../src/graphql/validation";
import { type Viewer } from "../src/identity/tokens";
import { type TestUser, createItem, signUpAdmin, signUpUser } from "./support/fixtures";
import { type JobsFixture, StartReport, waitForFinalJob, startJobsFixture } from "./support/jobs";

/** Documents that select every replaced field, as the owner, another user and no one; `$id` is the owner's, `$job` the owner's report job. */
const documents = [
  "query ($id: ID!) { user(id: $id) { id email items(first: 2) { totalCount nodes { sku owner { id name email } } } } }",
  "query ($id: ID!) { user(id: $id) { orders(first: 5) { totalCount nodes { quantity item { sku owner { id } } buyer { id email } } } } }",
  "query ($id: ID!) { user(id: $id) { items(first: 1, after: \"bm90LWEtY3Vyc29y\") { totalCount } } }",
  "query ($id: ID!) { user(id: $id) { items(first: -1) { totalCount } } }",
  "query ($id: ID!) { user(id: $id) { items(first: 1, after: \"\\u0000\") { totalCount } } }",
  "query ($id: ID!) { user(id: $id) { orders(first: 100000) { totalCount } } }",
  "{ items(first: 5) { nodes { sku owner { id email items(first: 1) { nodes { sku } } } } } }",
  "query ($job: ID!) { job(id: $job) { id report { id kind sizeBytes url } } }",
  "{ me { id email items { totalCount } orders { totalCount } } }",
];

/** The `Type.field` of every field a document selects. */
function fieldsSelected(schema: GraphQLSchema, document: DocumentNode): string[] {
  const typeInfo = new TypeInfo(schema);
  const selected: string[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent) selected.push(`${parent.name}.${node.name.value}`);
      },
    }),
  );
  return selected;
}

/** What a client would read: data and the errors as JSON (message, path, extensions). */
const answerOf = (result: ExecutionResult): string => JSON.stringify({ errors: result.errors?.map((error) => error.toJSON()), data: result.data });

describe("field resolvers called past type-graphql's pipeline", () => {
  let fixture: JobsFixture;
  let owner: TestUser;
  let viewers: Record<string, Viewer | null>;
  let variables: Record<string, string>;
  let direct: GraphQLSchema;
  let piped: GraphQLSchema;
  let replaced: string[];

  before(async () => {
    fixture = await startJobsFixture();
    const { server, database } = fixture;
    owner = await signUpUser(server.client, "Owner");
    const other = await signUpUser(server.client, "Other");
    const admin = await signUpAdmin(server.client, database);
    const item = await createItem(owner, { sku: `DIRECT-${owner.id}`, stock: 5 });
    await createItem(other);
    const placed = await owner.client.request("mutation ($id: ID!) { placeOrder(itemId: $id, quantity: 2) { id } }", { id: item.id });
    assert.equal(placed.errors, undefined);
    const job = (await owner.client.data(StartReport, { kind: "INVENTORY_CSV" })).generateReport.id;
    assert.equal((await waitForFinalJob(owner.client, job)).state, "COMPLETED");
    variables = { id: owner.id, job };
    const verify = (user: TestUser) => server.app.services.tokens.verify(user.token);
    viewers = { owner: await verify(owner), admin: await verify(admin), other: await verify(other), anonymous: null };
    direct = await buildTypeGraphqlSchema(featureResolvers);
    replaced = callFieldResolversDirectly(direct, featureResolvers, validateScalarArgument);
    piped = await buildTypeGraphqlSchema(featureResolvers);
  });
  after(async () => {
    mock.timers.reset();
    await fixture?.stop();
  });

  const run = (schema: GraphQLSchema, document: DocumentNode, viewer: Viewer | null) => {
    const contextValue = createContext(fixture.server.app.services, { requestId: "direct", viewer, clientIp: "127.0.0.1", originOf: () => fixture.server.url });
    return execute({ schema, document, contextValue, variableValues: variables });
  };

  it("replaces the per-row field resolvers (the speed is there to guard)", () => {
    for (const field of ["Item.owner", "User.items", "User.email", "Order.item", "Order.buyer"]) assert.ok(replaced.includes(field), field);
  });

  it("answers every document exactly as type-graphql's own resolvers do, as every kind of viewer", async () => {
    const selected = new Set<string>();
    const mismatches: string[] = [];
    // Report.url signs an expiry counted from now: both executions must meet the same clock.
    mock.timers.enable({ apis: ["Date"], now: Date.now() });
    for (const text of documents) {
      const document = parse(text);
      assert.deepEqual(validate(piped, document), [], text);
      for (const field of fieldsSelected(piped, document)) selected.add(field);
      for (const [name, viewer] of Object.entries(viewers)) {
        const want = answerOf(await run(piped, document, viewer));
        const got = answerOf(await run(direct, document, viewer));
        if (want !== got) mismatches.push(`${text} as ${name}\n  type-graphql: ${want}\n  direct:       ${got}`);
      }
    }
    mock.timers.reset();
    assert.deepEqual(mismatches, []);
    assert.deepEqual(replaced.filter((field) => !selected.has(field)), [], "every replaced field is selected by a document here");
  });

  it("keeps type-graphql pinned to the exact release whose metadata it reads", () => {
    const { dependencies } = JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    assert.equal(dependencies["type-graphql"], readTypeGraphqlVersion);
  });

  describe("refuses to build the schema when type-graphql's metadata changes shape", () => {
    const storage = getMetadataStorage();
    const aParam = () => {
      const fieldResolver = storage.fieldResolvers.find(({ params }) => params?.some((param) => param.kind === "root"));
      assert.ok(fieldResolver?.params);
      return fieldResolver.params.find((param) => param.kind === "root")!;
    };
    const cases: Array<{ name: string; change: () => () => void; names: RegExp }> = [
      {
        name: "a param with a key it did not have",
        change: () => {
          const param = aParam() as unknown as Record<string, unknown>;
          param.transform = true;
          return () => delete param.transform;
        },
        names: /params\[\d+\] has keys .*unknown \[transform\]/,
      },
      {
        name: "a param without a key it read",
        change: () => {
          const param = aParam() as unknown as Record<string, unknown>;
          const { propertyName } = param;
          delete param.propertyName;
          return () => (param.propertyName = propertyName);
        },
        names: /params\[\d+\] has keys .*missing \[propertyName\]/,
      },
      {
        name: "a param kind it does not know",
        change: () => {
          const param = aParam() as unknown as Record<string, unknown>;
          param.kind = "parent";
          return () => (param.kind = "root");
        },
        names: /params\[\d+\]\.kind is "parent", not a known param kind/,
      },
    ];
    for (const { name, change, names } of cases) {
      it(name, async () => {
        const restore = change();
        try {
          const refused = await buildAppSchema(featureResolvers).then(
            () => assert.fail("the schema was built"),
            (error: unknown) => error,
          );
          assert.ok(refused instanceof TypeGraphqlMetadataShapeError);
          const line = startupLineOf(refused);
          assert.match(line ?? "", names);
          assert.match(line ?? "", /direct-field-resolvers\.ts/);
        } finally {
          restore();
        }
      });
    }
  });
});
