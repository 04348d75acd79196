import { type ApolloServerPlugin, type GraphQLRequestContextDidResolveOperation } from "@apollo/server";
import { type FragmentDefinitionNode, GraphQLError, Kind, type OperationDefinitionNode, getVariableValues } from "graphql";
import { type Config } from "../../config";
import { type Context } from "../context";
import { QueryTooComplexError } from "../errors";
import { measureOperation } from "./operation-shape";
import { maxCostedNodes, operationCost } from "./query-cost";

type Limits = Config["limits"] & { pageSizeMax: number };
type Resolved = GraphQLRequestContextDidResolveOperation<Context>;

/**
 * Refuses, before execution, an operation deeper than QUERY_DEPTH_MAX, with
 * more aliases than QUERY_ALIASES_MAX or costing more than QUERY_COST_MAX
 * (QUERY_TOO_COMPLEX with extensions.cost), and reports the cost of every
 * operation it lets run in the response's extensions.cost.
 */
export function costLimitPlugin(config: Config): ApolloServerPlugin<Context> {
  const limits: Limits = { ...config.limits, pageSizeMax: config.graphql.pageSizeMax };
  return {
    async requestDidStart() {
      let cost: number | undefined;
      return {
        async didResolveOperation(request) {
          cost = checkOperation(request, limits);
        },
        async willSendResponse({ response }) {
          if (cost === undefined || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: { requested: cost, limit: limits.costMax } };
        },
      };
    },
  };
}

/** The operation's cost, or undefined when its variables are invalid (execution reports those). */
function checkOperation(request: Resolved, limits: Limits): number | undefined {
  const { document, operation } = request;
  // Set by the time didResolveOperation runs; the type allows undefined.
  if (!operation) return undefined;
  const fragments = new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const shape = measureOperation(operation, fragments);
  const cost = costOf(request, operation, limits);
  const tooComplex = (message: string) => new QueryTooComplexError(message, { requested: cost ?? 0, limit: limits.costMax });
  if (shape.depth > limits.depthMax) throw tooComplex(`The operation is ${shape.depth} levels deep; the limit is ${limits.depthMax}.`);
  if (shape.aliases > limits.aliasesMax) throw tooComplex(`The operation has ${shape.aliases} aliases; the limit is ${limits.aliasesMax}.`);
  if (cost !== undefined && cost > limits.costMax) throw tooComplex(`The operation costs ${cost}; the budget is ${limits.costMax}.`);
  return cost;
}

function costOf({ document, operationName, request, schema }: Resolved, operation: OperationDefinitionNode, limits: Limits): number | undefined {
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
  if (variables.errors) return undefined;
  try {
    return operationCost({ schema, document, operationName: operationName ?? undefined, variables: variables.coerced }, limits.pageSizeMax);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    throw new QueryTooComplexError(`The operation selects more than ${maxCostedNodes} fields.`, { requested: maxCostedNodes, limit: limits.costMax });
  }
}
