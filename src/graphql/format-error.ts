import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { type Config } from "../config";
import { isDatabaseUnavailable } from "../db/errors";
import { withoutStatementData } from "../infra/without-statement-data";
import { type ErrorCode, ServiceUnavailableError, isContractCode } from "../errors";
import { contractErrorOf } from "./errors";

/**
 * Apollo's own codes for a request it could not run. They are all a client's
 * mistake, so they reach clients as BAD_USER_INPUT, the contract's code for
 * it, with Apollo's code kept as `reason`.
 */
const apolloInputCodes: ReadonlySet<unknown> = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
]);

/** Codes a client protocol relies on as they are (APQ asks for the full query with these). */
const protocolCodes = ["PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_SUPPORTED"] as const;
type ProtocolCode = (typeof protocolCodes)[number];
const isProtocolCode = (code: unknown): code is ProtocolCode => (protocolCodes as readonly unknown[]).includes(code);

/** Every `extensions.code` a client can receive. */
export type ClientCode = ErrorCode | ProtocolCode;

/**
 * Apollo refuses a few requests with an HTTP 4xx but no code at all (an APQ
 * hash that does not match its query): a client's mistake, not ours.
 */
function isCodelessClientError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined) return false;
  const status = (error.extensions.http as { status?: number } | undefined)?.status;
  return status !== undefined && status >= 400 && status < 500;
}

/**
 * The code `error` (as Apollo hands it to formatError or to a plugin) reaches
 * the client with. formatError answers with it, and the metrics and logs
 * report it, so all three always agree.
 */
export function clientCodeOf(error: unknown): ClientCode {
  const contract = contractErrorOf(error);
  if (contract) return contract.code;
  const original = unwrapResolverError(error);
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  if (isProtocolCode(code)) return code;
  if (isDatabaseUnavailable(original)) return "SERVICE_UNAVAILABLE";
  if (overflowedTheParser(error)) return "QUERY_TOO_COMPLEX";
  if (apolloInputCodes.has(code) || isCodelessClientError(error)) return "BAD_USER_INPUT";
  return isContractCode(code) ? code : "INTERNAL_SERVER_ERROR";
}

export const internalErrorMessage = "Internal server error";

/** What a client reads when its document is nested too deeply for the parser, over HTTP and WebSocket alike. */
export const tooDeepToParseMessage = "The operation is nested too deeply to be read.";

/**
 * graphql-js's parser recurses, so a document nested deeply enough (a few
 * thousand levels, within the token cap) overflows the stack. Apollo reports
 * that as a parse failure wrapping the RangeError.
 */
function overflowedTheParser(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions.code !== "GRAPHQL_PARSE_FAILED") return false;
  let cause: unknown = error.originalError;
  while (cause instanceof GraphQLError) cause = cause.originalError;
  return cause instanceof RangeError;
}

/** graphql-js's suggestions (`Did you mean "email"?`), which name fields and types of the schema. */
const schemaHint = / ?Did you mean(.+?)\?$/;

export interface FormatErrorOptions {
  /** Strip "Did you mean" suggestions: on when introspection is off, since they reveal the schema. Default: maskInternal. */
  hideSchemaHints?: boolean;
}

export function createFormatError(maskInternal: boolean, { hideSchemaHints = maskInternal }: FormatErrorOptions = {}) {
  const format = formatFor(maskInternal);
  if (!hideSchemaHints) return format;
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = format(formatted, error);
    return schemaHint.test(result.message) ? { ...result, message: result.message.replace(schemaHint, "") } : result;
  };
}

/** This server's formatError, for HTTP (Apollo) and WebSocket alike: masked in production, no schema hints without introspection. */
export const formatErrorFor = (config: Config) => createFormatError(config.production, { hideSchemaHints: !config.graphql.introspection });

function formatFor(maskInternal: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const received = formatted.extensions?.code;
    const code = clientCodeOf(error);
    if (code === received && code !== "INTERNAL_SERVER_ERROR") return formatted;
    if (code === "SERVICE_UNAVAILABLE") {
      const unavailable = new ServiceUnavailableError("The database is unavailable; try again shortly.");
      return { message: unavailable.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    if (code === "QUERY_TOO_COMPLEX") return { message: tooDeepToParseMessage, extensions: { code } };
    if (code === "BAD_USER_INPUT" && apolloInputCodes.has(received)) {
      return { ...formatted, extensions: { ...formatted.extensions, code, reason: received } };
    }
    if (code === "BAD_USER_INPUT") return { message: formatted.message, extensions: { code, reason: "BAD_REQUEST" } };
    // Anything else is a fault of ours: logged in full by the error-logging plugin.
    if (maskInternal) return { message: internalErrorMessage, locations: formatted.locations, path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
    return { ...developmentDetails(formatted, error), locations: formatted.locations, path: formatted.path };
  };
}

/** The message and stack a developer sees, without a failed statement's parameters. */
function developmentDetails(formatted: GraphQLFormattedError, error: unknown): Pick<GraphQLFormattedError, "message" | "extensions"> {
  const original = unwrapResolverError(error);
  const safe = withoutStatementData(original);
  if (safe === original || !(safe instanceof Error)) {
    return { message: formatted.message, extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: formatted.extensions?.stacktrace } };
  }
  return { message: safe.message, extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: safe.stack?.split("\n") } };
}
