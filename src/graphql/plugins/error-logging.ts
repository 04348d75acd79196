import { unwrapResolverError } from "@apollo/server/errors";
import { type GraphQLError } from "graphql";
import { type Logger } from "pino";
import { type ClientCode, clientCodeOf } from "../format-error";

/** Codes that mean the fault is ours (a bug, a dependency down), never the client's. */
const ourFaults: ReadonlySet<ClientCode> = new Set(["INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE"]);

/**
 * Logs every resolver error that is not a client's fault, with its stack, its
 * client code and the request id (`logger` is the request's). HTTP (the
 * operations plugin) and the WebSocket adapter both call it.
 */
export function logResolverFaults(logger: Logger, errors: readonly GraphQLError[], operationName: string | null | undefined): void {
  for (const error of errors) {
    const code = clientCodeOf(error);
    if (ourFaults.has(code) && error.path) {
      logger.error({ err: unwrapResolverError(error), code, path: error.path, operationName }, "resolver failed");
    }
  }
}
