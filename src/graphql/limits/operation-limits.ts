import { type DocumentNode, type FragmentDefinitionNode, GraphQLError, type GraphQLSchema, Kind, type OperationDefinitionNode, getVariableValues } from "graphql";
import { type Config } from "../../config";
import { QueryTooComplexError } from "../errors";
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
  const shape = measureOperation(checked.operation, fragments);
  const cost = costOf(checked, limits);
  const tooComplex = (message: string) => new QueryTooComplexError(message, { requested: cost ?? 0, limit: limits.costMax });
  if (shape.depth > limits.depthMax) throw tooComplex(`The operation is ${shape.depth} levels deep; the limit is ${limits.depthMax}.`);
  if (shape.aliases > limits.aliasesMax) throw tooComplex(`The operation has ${shape.aliases} aliases; the limit is ${limits.aliasesMax}.`);
  if (cost !== undefined && cost > limits.costMax) throw tooComplex(`The operation costs ${cost}; the budget is ${limits.costMax}.`);
  return cost;
}

function costOf({ schema, document, operation, variables }: OperationToCheck, limits: OperationLimits): number | undefined {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return undefined;
  try {
    return operationCost({ schema, document, operationName: operation.name?.value, variables: coerced.coerced }, limits.pageSizeMax);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    throw new QueryTooComplexError(`The operation selects more than ${maxCostedNodes} fields.`, { requested: maxCostedNodes, limit: limits.costMax });
  }
}
