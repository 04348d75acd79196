import { createPubSub } from "@graphql-yoga/subscription";
import { type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { authResolvers } from "../modules/auth";
import { emailResolvers } from "../modules/email";
import { itemResolvers } from "../modules/items";
import { jobResolvers } from "../modules/jobs";
import { orderResolvers } from "../modules/orders";
import { reportResolvers } from "../modules/reports";
import { userResolvers } from "../modules/users";
import { callFieldResolversDirectly } from "./executor/direct-field-resolvers";
import { scalarsMap } from "./scalars";
import { validateArgument } from "./validation";

export const resolvers = [...userResolvers, ...authResolvers, ...itemResolvers, ...orderResolvers, ...jobResolvers, ...emailResolvers, ...reportResolvers] as const;

export async function buildAppSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    scalarsMap,
    validateFn: validateArgument,
    // type-graphql insists on one, but every subscription brings its own `subscribe` (jobs' event bus): never used.
    pubSub: createPubSub(),
  });
  callFieldResolversDirectly(schema, resolvers);
  return schema;
}
