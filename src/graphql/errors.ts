import { GraphQLError } from "graphql";
import { ContractError, type ErrorCode } from "../errors";

/**
 * Codes whose error refuses a GraphQL request as a whole (no valid token, an
 * operation too large to run): the HTTP response takes the code's status
 * from the catalog. Any other error belongs to its field, and the response
 * stays 200 (GraphQL over HTTP: its data says what did work).
 */
const requestCodes: ReadonlySet<ErrorCode> = new Set(["UNAUTHENTICATED", "QUERY_TOO_COMPLEX", "TRUSTED_DOCUMENT_REQUIRED"]);

/** The contract error `error` was thrown as, however graphql-js, graphql-jit or Apollo wrapped it; undefined for any other. */
export function contractErrorOf(error: unknown): ContractError | undefined {
  let cause = error;
  while (cause instanceof GraphQLError && cause.originalError) cause = cause.originalError;
  return cause instanceof ContractError ? cause : undefined;
}

/** The status of the first of `errors` that refuses the request as a whole; undefined when none does. */
export function requestStatusOf(errors: readonly unknown[]): number | undefined {
  for (const error of errors) {
    const contract = contractErrorOf(error);
    if (contract && requestCodes.has(contract.code)) return contract.status;
  }
  return undefined;
}

/** A contract error where graphql-ws wants a GraphQLError: the same message, code and details. */
export const toGraphQLError = (error: ContractError): GraphQLError => new GraphQLError(error.message, { originalError: error });

/**
 * For Apollo's context factory, the one path no plugin sees (and for a
 * plugin's refusal that no status plugin maps): a contract
 * error goes on as a GraphQLError with its status where Apollo reads it
 * (`extensions.http`, which Apollo itself removes before sending), not
 * prefixed with "Context creation failed". Anything else is rethrown as it is.
 */
export function rethrowForApollo(error: unknown): never {
  if (!(error instanceof ContractError)) throw error;
  throw new GraphQLError(error.message, { originalError: error, extensions: { ...error.extensions, http: { status: error.status } } });
}
