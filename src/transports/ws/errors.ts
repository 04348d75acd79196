import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { type Logger } from "pino";
import type WebSocket from "ws";
import { type Config } from "../../config";
import { ContractError } from "../../errors";
import { toGraphQLError } from "../../graphql/errors";
import { formatErrorFor, internalErrorMessage } from "../../graphql/format-error";

/**
 * graphql-ws sends `error.toJSON()` as it is. This does for the WebSocket
 * what Apollo's error normalization does for HTTP before formatError (a code
 * on every error, the stack outside production),
 * then applies the same formatError (formatErrorFor): both transports answer
 * the same codes and messages.
 */
export function wsErrorFormatter(config: Config): (error: GraphQLError) => GraphQLFormattedError {
  const formatError = formatErrorFor(config);
  return (error) => {
    const extensions = error.extensions;
    const stacktrace = config.production ? {} : { stacktrace: error.stack?.split("\n") };
    const normalized = { ...error.toJSON(), extensions: { ...extensions, code: extensions.code ?? "INTERNAL_SERVER_ERROR", ...stacktrace } };
    return formatError(normalized, error);
  };
}

/**
 * A throw in a graphql-ws hook closes the socket with 4500 and writes a
 * console.error line, not JSON. The hooks answer with this instead: an error
 * message for that one subscription, logged as JSON.
 */
export function errorsOfThrow(error: unknown, logger: Logger): readonly GraphQLError[] {
  if (error instanceof GraphQLError) return [error];
  if (error instanceof ContractError) return [toGraphQLError(error)];
  logger.error({ err: error }, "WebSocket subscribe failed");
  return [new GraphQLError(internalErrorMessage, { originalError: error instanceof Error ? error : undefined })];
}

/**
 * graphql-ws answers a socket error (a message over maxPayload, a frame that
 * breaks the protocol) with a console.error line and a 4500 close that never
 * goes out: ws has already closed the socket with the protocol's code (1009
 * for a message too big). Call this after graphql-ws's connection listener
 * ran: it replaces that error listener with a JSON log line.
 */
export function logSocketErrors(socket: WebSocket, logger: Logger): void {
  socket.removeAllListeners("error");
  socket.on("error", (error: Error & { code?: string }) => logger.warn({ reason: error.message, code: error.code }, "WebSocket closed on a bad frame"));
}
