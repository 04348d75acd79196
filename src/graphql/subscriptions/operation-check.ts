import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  type ValidationRule,
  getOperationAST,
  getVariableValues,
  parse,
  validate,
} from "graphql";
import { type SubscribePayload } from "graphql-ws";
import { type Config } from "../../config";
import { ContractError, QueryTooComplexError } from "../../errors";
import { toGraphQLError } from "../errors";
import { tooDeepToParseMessage } from "../format-error";
import { type OperationLimits, checkOperationLimits, operationLimitsOf } from "../limits/operation-limits";
import { validationRulesFor } from "../trusted-documents/manifest";

/** A subscribe message's document once it passed every check, or why it did not. */
export type SubscriptionCheck = { document: DocumentNode } | { errors: readonly GraphQLError[] };

interface Checks {
  schema: GraphQLSchema;
  rules: readonly ValidationRule[];
  limits: OperationLimits | undefined;
  maxTokens: number | undefined;
}

/**
 * What Apollo does to an HTTP request before running it, for a graphql-ws
 * subscribe message: parse with the token cap (QUERY_TOKENS_MAX), validate
 * (introspection refused when GRAPHQL_INTROSPECTION is off), the depth,
 * alias and cost check, and last the variables' coercion, as Apollo does
 * before executing. Only subscriptions are accepted: queries and mutations
 * go over HTTP, where the rest of Apollo's handling applies too. Errors
 * carry Apollo's codes so formatError answers them as on HTTP. A
 * document nested too deeply for the parser's or a check's recursion (a
 * RangeError) is QUERY_TOO_COMPLEX, rather than a throw that closes the socket.
 */
export function subscriptionChecker(schema: GraphQLSchema, config: Config): (payload: SubscribePayload) => SubscriptionCheck {
  const checks: Checks = {
    schema,
    rules: validationRulesFor(config.graphql.introspection),
    limits: config.limits.enabled ? operationLimitsOf(config) : undefined,
    maxTokens: config.limits.enabled ? config.limits.tokensMax : undefined,
  };
  return (payload) => {
    try {
      return checkSubscription(checks, payload);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return { errors: [toGraphQLError(new QueryTooComplexError(tooDeepToParseMessage, { requested: 0, limit: config.limits.costMax }))] };
    }
  };
}

function checkSubscription({ schema, rules, limits, maxTokens }: Checks, { query, operationName, variables }: SubscribePayload): SubscriptionCheck {
  const document = parsed(query, maxTokens);
  if (document instanceof GraphQLError) return { errors: [document] };
  const invalid = validate(schema, document, rules);
  if (invalid.length > 0) return { errors: invalid.map((error) => withCode(error, "GRAPHQL_VALIDATION_FAILED")) };
  const operation = getOperationAST(document, operationName);
  if (!operation) return { errors: [new GraphQLError("Unable to identify the operation to run.", { extensions: { code: "OPERATION_RESOLUTION_FAILURE" } })] };
  if (operation.operation !== "subscription") {
    const message = `Only subscriptions are accepted over WebSocket; send this ${operation.operation} over HTTP (POST /graphql).`;
    return { errors: [new GraphQLError(message, { nodes: operation, extensions: { code: "BAD_USER_INPUT" } })] };
  }
  if (limits) {
    try {
      checkOperationLimits({ schema, document, operation, variables }, limits);
    } catch (error) {
      // QUERY_TOO_COMPLEX, or BAD_USER_INPUT for a value the cost analysis cannot apply.
      if (error instanceof ContractError) return { errors: [toGraphQLError(error)] };
      throw error;
    }
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return { errors: coerced.errors.map((error) => withCode(error, "BAD_USER_INPUT")) };
  return { document };
}

/** A syntax error (the token cap's included) is returned, not thrown: throwing in onSubscribe closes the socket. */
function parsed(query: string, maxTokens: number | undefined): DocumentNode | GraphQLError {
  try {
    return parse(query, { maxTokens });
  } catch (error) {
    if (error instanceof GraphQLError) return withCode(error, "GRAPHQL_PARSE_FAILED");
    throw error;
  }
}

const withCode = (error: GraphQLError, code: string): GraphQLError =>
  new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
