import { type ApolloServerPlugin } from "@apollo/server";
import { formatLsn } from "../../db/lsn";
import { readAfterHeader } from "../../db/read-position";
import { type Context } from "../context";

/**
 * Sets `X-Read-After: <lsn>` on a response whose request wrote (its commit's
 * WAL position) or read after a position: a client that sends it back gets
 * reads that see that write, on any instance.
 */
export const readAfterPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        const lsn = contextValue.db.readAfter;
        if (lsn !== undefined) response.http.headers.set(readAfterHeader, formatLsn(lsn));
      },
    };
  },
};
