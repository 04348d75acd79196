import { type DocumentNode, type GraphQLSchema } from "graphql";
import { type ComplexityEstimator, getComplexity, simpleEstimator } from "graphql-query-complexity";
import { defaultPageSize } from "../pagination/page-args";

/**
 * A field with a `first` argument (every connection) costs 1 plus `first`
 * times what is selected under it, as GitHub and Shopify count: a page of
 * 50 users with 10 items each costs for 500 items. `first` counts as at most
 * the largest page, since a larger one is refused (BAD_USER_INPUT on
 * `first`) by the resolver with a better error than this cost would give.
 * `first: null` counts as the page the resolver then reads (parsePageArgs).
 */
const pagedFieldEstimator =
  (pageSizeMax: number): ComplexityEstimator =>
  ({ args, field, childComplexity }) => {
    if (!field.args.some((arg) => arg.name === "first")) return undefined;
    const first = typeof args.first === "number" ? args.first : defaultPageSize;
    return 1 + Math.min(Math.max(first, 0), pageSizeMax) * childComplexity;
  };

/** Fields an operation may visit while being costed: past this it is refused whatever its cost. */
export const maxCostedNodes = 10_000;

export interface CostedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

/** The cost of one operation; throws a GraphQLError when it visits more than maxCostedNodes. */
export function operationCost({ schema, document, operationName, variables }: CostedOperation, pageSizeMax: number): number {
  const estimators = [pagedFieldEstimator(pageSizeMax), simpleEstimator({ defaultComplexity: 1 })];
  return getComplexity({ schema, query: document, operationName, variables, estimators, maxQueryNodes: maxCostedNodes });
}
