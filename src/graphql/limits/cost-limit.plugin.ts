import { type ApolloServerPlugin } from "@apollo/server";
import { type Config } from "../../config";
import { BadUserInputError } from "../../errors";
import { type Context } from "../context";
import { rethrowForApollo } from "../errors";
import { memoizedOperationLimits } from "./limits-memo";
import { operationLimitsOf } from "./operation-limits";

/**
 * Refuses, before execution, an operation deeper than QUERY_DEPTH_MAX, with
 * more aliases than QUERY_ALIASES_MAX or costing more than QUERY_COST_MAX
 * (QUERY_TOO_COMPLEX with extensions.cost), and reports the cost of every
 * operation it lets run in the response's extensions.cost.
 */
export function costLimitPlugin(config: Config): ApolloServerPlugin<Context> {
  const limits = operationLimitsOf(config);
  const checkLimits = memoizedOperationLimits(limits);
  return {
    async requestDidStart() {
      let cost: number | undefined;
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          // Set by the time didResolveOperation runs; the type allows undefined.
          if (!operation) return;
          try {
            cost = checkLimits({ schema, document, operation, variables: request.variables });
          } catch (error) {
            // Refuses the request as a whole, with the catalog's 400 (else Apollo's 500 for a hook's error).
            if (error instanceof BadUserInputError) rethrowForApollo(error);
            throw error;
          }
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
