import { type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { authResolvers } from "../modules/auth";
import { itemResolvers } from "../modules/items";
import { orderResolvers } from "../modules/orders";
import { userResolvers } from "../modules/users";
import { scalarsMap } from "./scalars";
import { validateArgument } from "./validation";

export const resolvers = [...userResolvers, ...authResolvers, ...itemResolvers, ...orderResolvers] as const;

export function buildAppSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    scalarsMap,
    validateFn: validateArgument,
  });
}
