import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type GraphQLNamedType, type GraphQLSchema, getNamedType, isObjectType } from "graphql";
import { featureResolvers } from "../src/features";
import { buildAppSchema } from "../src/graphql/schema";
import { isPrivateField, isViewerSpecificField } from "../src/graphql/viewer-specific";
import { graphql } from "./__generated__";
import { type GraphQLResponse, errorCodes } from "./support/client";
import { type TestUser, signUpAdmin, signUpUser } from "./support/fixtures";
import { type JobsFixture, StartReport, waitForFinalJob, startJobsFixture } from "./support/jobs";
import { subscribe, wsClient } from "./support/subscriptions";

const JobVisibility = graphql(`
  query JobVisibility($id: ID!) { job(id: $id) { id } }
`);

const EmailVisibility = graphql(`
  query EmailVisibility($id: ID!) { user(id: $id) { id email } }
`);

const OrdersVisibility = graphql(`
  query OrdersVisibility($id: ID!) { user(id: $id) { orders(first: 1) { totalCount } } }
`);

const JobUpdatedVisibility = graphql(`
  subscription JobUpdatedVisibility($id: ID!) { jobUpdated(id: $id) { id } }
`);

/** Every field of every object type, as `Type.field`, with the field. */
function fieldsOf(schema: GraphQLSchema) {
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && !type.name.startsWith("__"))
    .flatMap((type) => (isObjectType(type) ? Object.values(type.getFields()).map((field) => ({ coordinate: `${type.name}.${field.name}`, field })) : []));
}

/** The object types a subscription's events reach through their fields: what the fan-out executes once per viewer class. */
function typesReachedFrom(root: GraphQLNamedType, seen = new Set<string>()): Set<string> {
  if (!isObjectType(root) || seen.has(root.name)) return seen;
  seen.add(root.name);
  for (const field of Object.values(root.getFields())) typesReachedFrom(getNamedType(field.type), seen);
  return seen;
}

/** Who asks: the owner of what the field shows, an admin, another user, no one signed in. */
type Asker = "owner" | "admin" | "other" | "anonymous";
const askers: readonly Asker[] = ["owner", "admin", "other", "anonymous"];
const mayAsk: Record<Asker, boolean> = { owner: true, admin: true, other: false, anonymous: false };

/** What a viewer got: the field's value (null or absent: nothing shown) and the error codes beside it. */
interface Answer {
  value: unknown;
  codes: unknown[];
}

const answerOf = (response: GraphQLResponse<unknown>, value: unknown): Answer => ({ value, codes: errorCodes(response) });

describe("one visibility rule for resolvers, services and the subscription fan-out", () => {
  let fixture: JobsFixture;
  let owner: TestUser;
  let tokens: Record<Asker, string | undefined>;
  let jobId: string;

  before(async () => {
    fixture = await startJobsFixture();
    const { server, database } = fixture;
    owner = await signUpUser(server.client, "Owner");
    const admin = await signUpAdmin(server.client, database);
    const other = await signUpUser(server.client, "Other");
    tokens = { owner: owner.token, admin: admin.token, other: other.token, anonymous: undefined };
    jobId = (await owner.client.data(StartReport, { kind: "INVENTORY_CSV" })).generateReport.id;
    await waitForFinalJob(owner.client, jobId);
  });
  after(async () => {
    await fixture?.stop();
  });

  /**
   * How each private field is asked for, over the transport that serves it.
   * A field marked Private without an entry here fails the test below.
   */
  const probes: Record<string, (token: string | undefined) => Promise<Answer>> = {
    "Query.job": async (token) => {
      const response = await fixture.server.client.as(token).request(JobVisibility, { id: jobId });
      return answerOf(response, response.data?.job);
    },
    "User.email": async (token) => {
      const response = await fixture.server.client.as(token).request(EmailVisibility, { id: owner.id });
      return answerOf(response, response.data?.user?.email);
    },
    "User.orders": async (token) => {
      const response = await fixture.server.client.as(token).request(OrdersVisibility, { id: owner.id });
      return answerOf(response, response.data?.user?.orders);
    },
    "Subscription.jobUpdated": async (token) => {
      const client = wsClient(fixture.server.url, token);
      try {
        const updates = subscribe(client, JobUpdatedVisibility, { id: jobId });
        await updates.ended;
        const codes = updates.results.flatMap((result) => result.errors?.map((error) => error.extensions?.code) ?? []);
        return { value: updates.results.find((result) => result.data)?.data?.jobUpdated, codes };
      } finally {
        await client.dispose();
      }
    },
  };

  it("asks every field marked Private as each kind of viewer: the owner and admins see it, no one else does", async () => {
    const marked = fieldsOf(await buildAppSchema(featureResolvers)).filter(({ field }) => isPrivateField(field));
    assert.deepEqual(
      marked.map(({ coordinate }) => coordinate).sort(),
      Object.keys(probes).sort(),
      "each field marked Private needs a probe here, and each probe a field marked Private",
    );
    for (const { coordinate } of marked) {
      for (const asker of askers) {
        const { value, codes } = await probes[coordinate](tokens[asker]);
        if (mayAsk[asker]) {
          assert.deepEqual(codes, [], `${coordinate} as ${asker}`);
          assert.ok(value !== null && value !== undefined, `${coordinate} as ${asker}: shown`);
        } else {
          assert.ok(value === null || value === undefined, `${coordinate} as ${asker}: hidden`);
          for (const code of codes) assert.ok(["FORBIDDEN", "NOT_FOUND", "UNAUTHENTICATED"].includes(code as string), `${coordinate} as ${asker}: ${String(code)}`);
        }
      }
    }
  });

  it("marks every private field viewer-specific, so no shared cache serves it", async () => {
    for (const { coordinate, field } of fieldsOf(await buildAppSchema(featureResolvers))) {
      if (isPrivateField(field)) assert.ok(isViewerSpecificField(field), coordinate);
    }
  });

  it("lets a subscription's events reach only fields whose answer the viewer class decides: the fan-out shares one execution per class", async () => {
    const schema = await buildAppSchema(featureResolvers);
    const subscription = schema.getSubscriptionType();
    assert.ok(subscription);
    const reached = new Set<string>();
    for (const field of Object.values(subscription.getFields())) typesReachedFrom(getNamedType(field.type), reached);
    const byViewerOutsideTheRule = fieldsOf(schema)
      .filter(({ coordinate, field }) => reached.has(coordinate.split(".")[0]) && isViewerSpecificField(field) && !isPrivateField(field))
      .map(({ coordinate }) => coordinate);
    assert.deepEqual(byViewerOutsideTheRule, []);
  });
});
