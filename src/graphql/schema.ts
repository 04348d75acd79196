import { createPubSub } from "@graphql-yoga/subscription";
import { type GraphQLSchema } from "graphql";
import { type ClassType, type NonEmptyArray, buildSchema } from "type-graphql";
import { callFieldResolversDirectly } from "./executor/direct-field-resolvers";
import { scalarsMap } from "./scalars";
import { validateArgument, validateScalarArgument } from "./validation";

/** The schema of the features' resolver classes (src/features.ts lists them). */
export async function buildAppSchema(resolvers: readonly ClassType[]): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: resolvers as NonEmptyArray<ClassType>,
    scalarsMap,
    validateFn: validateArgument,
    // type-graphql insists on one, but every subscription brings its own `subscribe` (jobs' event bus): never used.
    pubSub: createPubSub(),
  });
  callFieldResolversDirectly(schema, resolvers, validateScalarArgument);
  return schema;
}
