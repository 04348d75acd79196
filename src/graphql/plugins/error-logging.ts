import { type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { type Context } from "../context";
import { type ClientCode, clientCodeOf } from "../format-error";

/** Codes that mean the fault is ours (a bug, a dependency down), never the client's. */
const ourFaults: ReadonlySet<ClientCode> = new Set(["INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE"]);

/** Logs every resolver error that is not a client's fault, with its stack, its client code and the request id. */
export const errorLoggingPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ contextValue, errors, operationName }) {
        for (const error of errors) {
          const code = clientCodeOf(error);
          if (ourFaults.has(code) && error.path) {
            contextValue.logger.error({ err: unwrapResolverError(error), code, path: error.path, operationName }, "resolver failed");
          }
        }
      },
    };
  },
};
