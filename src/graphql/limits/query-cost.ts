import { type DocumentNode, type GraphQLSchema } from "graphql";
import { type ComplexityEstimator, getComplexity, simpleEstimator } from "graphql-query-complexity";

/**
 * A field with a `first` argument (every connection) costs 1 plus `first`
 * times what is selected under it, as GitHub and Shopify count: a page of
 * 50 users with 10 items each costs for 500 items.
 */
const pagedFieldEstimator: ComplexityEstimator = ({ args, childComplexity }) =>
  typeof args.first === "number" ? 1 + args.first * childComplexity : undefined;

const estimators = [pagedFieldEstimator, simpleEstimator({ defaultComplexity: 1 })];

/** Fields an operation may visit while being costed: past this it is refused whatever its cost. */
export const maxCostedNodes = 10_000;

/** The cost of one operation; throws a GraphQLError when it visits more than maxCostedNodes. */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): number {
  return getComplexity({ schema, query: document, operationName, variables, estimators, maxQueryNodes: maxCostedNodes });
}
