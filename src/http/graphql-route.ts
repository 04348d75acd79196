import { type ApolloServer, HeaderMap } from "@apollo/server";
import { type Request, type RequestHandler, type Response } from "express";
import { rethrowForApollo } from "../graphql/errors";

/** The query string of a request URL, "?" included; "" for none. */
const searchOf = (url: string): string => {
  const at = url.indexOf("?");
  return at === -1 ? "" : url.slice(at);
};

/**
 * Apollo over Express as its integration (@as-integrations/express5) runs it, except the
 * write: a GraphQL response is a finished string that already has its
 * content type, so it goes out with `res.end`, without `res.send`'s ETag
 * hash, type sniffing and Buffer copy, which cost on every request.
 */
export function graphqlRoute<Context extends object>(
  apollo: ApolloServer<Context>,
  context: (req: Request, res: Response) => Promise<Context>,
): RequestHandler {
  apollo.assertStarted("graphqlRoute()");
  return async (req, res) => {
    if (!("body" in req)) {
      res.status(500).send("`req.body` is not set: the JSON body parser must run before the GraphQL route.");
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: searchOf(req.url), body: req.body },
      context: () => context(req, res).catch(rethrowForApollo),
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
  };
}
