import { type ApolloServerPlugin } from "@apollo/server";
import { type Logger } from "pino";
import { requestLineLogger } from "../../infra/logger";
import { type Context } from "../context";
import { clientCodeOf } from "../format-error";
import { summarizeOperation } from "./operation";

/**
 * One line per operation: name, type, outcome, the error codes the client
 * got (see clientCodeOf) and duration, with the request id and user id. Variables are never logged: they carry passwords and tokens.
 */
export function requestLoggingPlugin(logger: Logger): ApolloServerPlugin<Context> {
  const lines = requestLineLogger(logger);
  return {
    async requestDidStart() {
      const startedAt = performance.now();
      return {
        async willSendResponse(requestContext) {
          const { name, type, outcome } = summarizeOperation(requestContext);
          const { requestId, viewer } = requestContext.contextValue;
          lines.info(
            {
              requestId,
              userId: viewer?.id,
              operationName: name,
              operationType: type,
              outcome,
              errorCodes: requestContext.errors?.map(clientCodeOf),
              durationMs: Math.round(performance.now() - startedAt),
            },
            "graphql operation",
          );
        },
      };
    },
  };
}
