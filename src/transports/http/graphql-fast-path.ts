import { type ApolloServer } from "@apollo/server";
import { type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { type Logger } from "pino";
import { type Context } from "../../graphql/context";
import { type TrustedDocuments } from "../../graphql/trusted-documents/trusted-documents";
import { asksForEventStream } from "./event-stream";
import { answerBodyError } from "./body-errors";
import { type AdmitClient } from "./client-limit";
import { answerGraphQL } from "./graphql-route";
import { isPlainJsonPost, readPlainJson } from "./json-body";
import { type ObserveRequest } from "./observe-requests";
import { requestIdFor } from "./request-id";

const graphqlPath = "/graphql";

/** What Express's /graphql route does, as plain steps (the route itself is built from the same ones). */
export interface GraphQLSteps {
  observe: ObserveRequest;
  admit: AdmitClient;
  bodyLimitBytes: number;
  apollo: ApolloServer<Context>;
  context: (req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<Context>;
  logger: Logger;
  trusted: TrustedDocuments;
}

/**
 * A plain JSON POST to /graphql (nearly all the traffic) answered on
 * node:http, ahead of Express, whose router and request decoration cost
 * about a tenth of a light query. The steps are Express's route's, in its
 * order: request id, metrics and log line, the client limit, the body (same
 * limit, same 400 and 413), Apollo. Anything else goes to `express`: GET,
 * another body type, Server-Sent Events, a query string or another path.
 */
export function withGraphQLFastPath(steps: GraphQLSteps, express: RequestListener): RequestListener {
  return (req, res) => {
    if (req.url !== graphqlPath || !isPlainJsonPost(req) || asksForEventStream(req)) return express(req, res);
    void answer(steps, req, res);
  };
}

async function answer({ observe, admit, bodyLimitBytes, apollo, context, logger, trusted }: GraphQLSteps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = requestIdFor(req, res);
  observe(req, res, graphqlPath, requestId);
  try {
    if (!(await admit(req, res))) return;
    let body: unknown;
    try {
      body = await readPlainJson(req, bodyLimitBytes);
    } catch (error) {
      if (answerBodyError(res, error)) return;
      throw error;
    }
    await answerGraphQL(apollo, req, res, body, () => context(req, res, requestId), trusted);
  } catch (error) {
    // What Express's final handler does with an error no step answered.
    logger.error({ err: error, requestId }, "request failed");
    if (res.headersSent) res.destroy();
    else {
      res.statusCode = 500;
      res.end();
    }
  }
}
