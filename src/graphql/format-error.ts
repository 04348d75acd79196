import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { isDatabaseUnavailable } from "../db/errors";
import { ContractError, ServiceUnavailableError, isContractCode } from "./errors";

/**
 * Apollo's own codes for a request it could not run. They are all a client's
 * mistake, so they reach clients as BAD_USER_INPUT, the contract's code for
 * it, with Apollo's code kept as `reason`.
 */
const apolloInputCodes = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
]);

/** Codes a client protocol relies on as they are (APQ asks for the full query with these). */
const protocolCodes = new Set(["PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_SUPPORTED"]);

/**
 * Apollo refuses a few requests with an HTTP 4xx but no code at all (an APQ
 * hash that does not match its query): a client's mistake, not ours.
 */
function isCodelessClientError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined) return false;
  const status = (error.extensions.http as { status?: number } | undefined)?.status;
  return status !== undefined && status >= 400 && status < 500;
}

export const internalErrorMessage = "Internal server error";

export function createFormatError(maskInternal: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const original = unwrapResolverError(error);
    if (original instanceof ContractError || protocolCodes.has(code as string)) return formatted;
    if (isDatabaseUnavailable(original)) {
      const unavailable = new ServiceUnavailableError("The database is unavailable; try again shortly.");
      return { message: unavailable.message, locations: formatted.locations, path: formatted.path, extensions: { code: unavailable.code } };
    }
    if (apolloInputCodes.has(code as string)) {
      return { ...formatted, extensions: { ...formatted.extensions, code: "BAD_USER_INPUT", reason: code } };
    }
    if (isCodelessClientError(error)) {
      return { message: formatted.message, extensions: { code: "BAD_USER_INPUT", reason: "BAD_REQUEST" } };
    }
    if (isContractCode(code) && code !== "INTERNAL_SERVER_ERROR") return formatted;
    // Anything else is a fault of ours: logged in full by the error-logging plugin.
    return {
      message: maskInternal ? internalErrorMessage : formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "INTERNAL_SERVER_ERROR", ...(maskInternal ? {} : { stacktrace: formatted.extensions?.stacktrace }) },
    };
  };
}
