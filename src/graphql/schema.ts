import { createPubSub } from "@graphql-yoga/subscription";
import { type GraphQLSchema } from "graphql";
import { type ClassType, type NonEmptyArray, buildSchema } from "type-graphql";
import { callFieldResolversDirectly } from "./executor/direct-field-resolvers";
import { scalarsMap } from "./scalars";
import { validateArgument, validateScalarArgument } from "./validation";

/** The schema as type-graphql builds it, every resolver called through type-graphql's pipeline. */
export function buildTypeGraphqlSchema(resolvers: readonly ClassType[]): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: resolvers as NonEmptyArray<ClassType>,
    scalarsMap,
    validateFn: validateArgument,
    // type-graphql insists on one, but every subscription brings its own `subscribe` (jobs' event bus): never used.
    pubSub: createPubSub(),
  });
}

/** The schema of the features' resolver classes (src/features.ts lists them), with the field resolvers called directly where that is safe. */
export async function buildAppSchema(resolvers: readonly ClassType[]): Promise<GraphQLSchema> {
  const schema = await buildTypeGraphqlSchema(resolvers);
  callFieldResolversDirectly(schema, resolvers, validateScalarArgument);
  return schema;
}
