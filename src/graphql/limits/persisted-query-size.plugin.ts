import { type ApolloServerPlugin, type BaseContext, type GraphQLRequestListener } from "@apollo/server";
import { BadUserInputError } from "../../errors";

/**
 * Refuses to register an automatic persisted query larger than `maxBytes`
 * (APQ_MAX_BYTES), with BAD_USER_INPUT and HTTP 400, before Apollo writes it
 * to the cache. Comments and whitespace do not count against the token cap,
 * so without this one anonymous request could keep a megabyte in Redis for
 * APQ_TTL_SECONDS. A client can still send such a query in full each time.
 */
export function persistedQuerySizePlugin(maxBytes: number): ApolloServerPlugin {
  // One listener for every request: it keeps no state of its own.
  const listener: GraphQLRequestListener<BaseContext> = {
    async didResolveOperation({ metrics, source, response }) {
      // Registering: the request carried both the query and its hash.
      if (!metrics.persistedQueryRegister || Buffer.byteLength(source) <= maxBytes) return;
      response.http.status = 400;
      throw new BadUserInputError("query", `A persisted query may be at most ${maxBytes} bytes; send this one without extensions.persistedQuery.`);
    },
  };
  return { requestDidStart: async () => listener };
}
