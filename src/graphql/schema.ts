import { createPubSub } from "@graphql-yoga/subscription";
import { type GraphQLSchema } from "graphql";
import { type ClassType, type NonEmptyArray, buildSchema } from "type-graphql";
import { scalarsMap } from "./scalars";
import { validateArgument } from "./validation";

/** The schema of the features' resolver classes (src/features.ts lists them). */
export function buildAppSchema(resolvers: readonly ClassType[]): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: resolvers as NonEmptyArray<ClassType>,
    scalarsMap,
    validateFn: validateArgument,
    // type-graphql insists on one, but every subscription brings its own `subscribe` (jobs' event bus): never used.
    pubSub: createPubSub(),
  });
}
