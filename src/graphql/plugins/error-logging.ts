import { type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError } from "graphql";
import { type Context } from "../context";
import { isContractCode } from "../errors";

/** Logs every error that is not a client's fault, with its stack and the request id. */
export const errorLoggingPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ contextValue, errors, operationName }) {
        for (const error of errors) {
          const original = unwrapResolverError(error);
          const code = error.extensions?.code;
          const isInternal = !(original instanceof GraphQLError) || !isContractCode(code) || code === "INTERNAL_SERVER_ERROR";
          if (isInternal && error.path) {
            contextValue.logger.error({ err: original, path: error.path, operationName }, "resolver failed");
          }
        }
      },
    };
  },
};
