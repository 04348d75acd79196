import { type ApolloServerPlugin } from "@apollo/server";
import { type Context } from "../context";
import { clientCodeOf } from "../format-error";
import { summarizeOperation } from "./operation";

/**
 * One line per operation: name, type, outcome, the error codes the client
 * got (see clientCodeOf) and duration, on the request's logger (request id
 * and user id). Variables are never logged: they carry passwords and tokens.
 */
export const requestLoggingPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    const startedAt = performance.now();
    return {
      async willSendResponse(requestContext) {
        const { name, type, outcome } = summarizeOperation(requestContext);
        const errorCodes = requestContext.errors?.map(clientCodeOf);
        requestContext.contextValue.logger.info(
          { operationName: name, operationType: type, outcome, errorCodes, durationMs: Math.round(performance.now() - startedAt) },
          "graphql operation",
        );
      },
    };
  },
};
