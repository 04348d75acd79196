import { type ApolloServer, HeaderMap } from "@apollo/server";
import { type IncomingMessage, type ServerResponse } from "node:http";
import { type RequestHandler } from "express";
import { rethrowForApollo } from "../../graphql/errors";
import { type TrustedDocuments } from "../../graphql/trusted-documents/trusted-documents";
import { sendContractError } from "./error-response";
import { trustedParams } from "./trusted-request";
import { searchOf } from "./url-parts";

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const key in req.headers) {
    const value = req.headers[key];
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

/**
 * Runs one GraphQL request (its body already parsed) through Apollo and
 * writes the answer, as Apollo's Express integration (@as-integrations/express5)
 * does, except the write: a GraphQL response is a finished string that already
 * has its content type, so it goes out with `res.end`, without `res.send`'s
 * ETag hash, type sniffing and Buffer copy, which cost on every request.
 * First, `trusted` finds a request's trusted document or refuses it (trusted-request.ts).
 */
export async function answerGraphQL<Context extends object>(
  apollo: ApolloServer<Context>,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  context: () => Promise<Context>,
  trusted: TrustedDocuments,
): Promise<void> {
  const method = req.method!.toUpperCase();
  const params = trustedParams(trusted, method, { search: searchOf(req.url!), body });
  if (!("search" in params)) return sendContractError(res, params);
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method, headers: headerMapOf(req), search: params.search, body: params.body },
    // A refusal from the context (a bad token) keeps its status and message (see rethrowForApollo).
    context: () => context().catch(rethrowForApollo),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === "complete") {
    res.setHeader("content-length", Buffer.byteLength(response.body.string));
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** answerGraphQL for Express, after its body parser. */
export function graphqlRoute<Context extends object>(
  apollo: ApolloServer<Context>,
  context: (req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<Context>,
  trusted: TrustedDocuments,
): RequestHandler {
  apollo.assertStarted("graphqlRoute()");
  return async (req, res) => {
    if (!("body" in req)) {
      res.status(500).send("`req.body` is not set: the JSON body parser must run before the GraphQL route.");
      return;
    }
    await answerGraphQL(apollo, req, res, req.body, () => context(req, res, res.locals.requestId), trusted);
  };
}
