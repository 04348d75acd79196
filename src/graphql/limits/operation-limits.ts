import { type DocumentNode, type FragmentDefinitionNode, GraphQLError, type GraphQLSchema, Kind, type OperationDefinitionNode, getVariableValues } from "graphql";
import { type Config } from "../../config";
import { BadUserInputError, QueryTooComplexError } from "../../errors";
import { measureOperation } from "./operation-shape";
import { maxCostedNodes, operationCost } from "./query-cost";

export type OperationLimits = Pick<Config["limits"], "depthMax" | "aliasesMax" | "costMax"> & { pageSizeMax: number };

export const operationLimitsOf = (config: Config): OperationLimits => ({ ...config.limits, pageSizeMax: config.graphql.pageSizeMax });

/** One validated operation of a document, with the variables the client sent. */
export interface OperationToCheck {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | null | undefined;
}

/**
 * The depth, alias and cost check, for HTTP (costLimitPlugin) and
 * WebSocket alike. Throws QueryTooComplexError (with extensions.cost) past
 * QUERY_DEPTH_MAX, QUERY_ALIASES_MAX or QUERY_COST_MAX; returns the cost, or
 * undefined when the variables are invalid (execution reports those).
 */
export function checkOperationLimits(checked: OperationToCheck, limits: OperationLimits): number | undefined {
  const fragments = new Map(
    checked.document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  // Depth and aliases first, without recursion: the cost analysis recurses and
  // would overflow the stack on a document that these refuse.
  const shape = measureOperation(checked.operation, fragments);
  const tooComplex = (message: string, requested = 0) => new QueryTooComplexError(message, { requested, limit: limits.costMax });
  if (shape.depth > limits.depthMax) throw tooComplex(`The operation is ${shape.depth} levels deep; the limit is ${limits.depthMax}.`);
  if (shape.aliases > limits.aliasesMax) throw tooComplex(`The operation has ${shape.aliases} aliases; the limit is ${limits.aliasesMax}.`);
  const cost = costOf(checked, limits);
  if (cost !== undefined && cost > limits.costMax) throw tooComplex(`The operation costs ${cost}; the budget is ${limits.costMax}.`, cost);
  return cost;
}

function costOf({ schema, document, operation, variables }: OperationToCheck, limits: OperationLimits): number | undefined {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return undefined;
  try {
    return operationCost({ schema, document, operationName: operation.name?.value, variables: coerced.coerced }, limits.pageSizeMax);
  } catch (error) {
    // A value the analysis cannot apply, at a place in the document (null for `@skip(if: $s)` where
    // `$s: Boolean = true`): the client's mistake, refused rather than left uncosted.
    if (error instanceof GraphQLError && error.nodes?.length) throw new BadUserInputError(undefined, error.message);
    // A GraphQLError: past maxCostedNodes. A RangeError: fragments chained too
    // long for the analysis' recursion, though shallow enough for the depth check.
    if (!(error instanceof GraphQLError) && !(error instanceof RangeError)) throw error;
    throw new QueryTooComplexError(`The operation is too large to cost (more than ${maxCostedNodes} fields, or fragments nested too far).`, {
      requested: maxCostedNodes,
      limit: limits.costMax,
    });
  }
}
