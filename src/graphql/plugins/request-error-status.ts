import { type ApolloServerPlugin, type BaseContext, type GraphQLRequestListener } from "@apollo/server";
import { type GraphQLError } from "graphql";
import Negotiator from "negotiator";
import { errorCatalog } from "../../errors";
import { contractErrorOf, requestStatusOf } from "../errors";

/** The two response types Apollo chooses between for a single result, in its order of preference. */
const json = "application/json";
const graphqlResponseJson = "application/graphql-response+json";

/** Apollo's codes for a well-formed request whose document or variables are wrong. */
const documentErrorCodes: ReadonlySet<unknown> = new Set(["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"]);

/** A parse or validation failure, or a variable Apollo could not coerce (not one of our own BAD_USER_INPUT errors). */
const isDocumentError = (error: GraphQLError): boolean => documentErrorCodes.has(error.extensions.code) && !contractErrorOf(error);

/** The type Apollo answers with, chosen as Apollo chooses it: application/json when there is no Accept header. */
function answersWithJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return new Negotiator({ headers: { accept } }).mediaType([json, graphqlResponseJson]) === json;
}

/**
 * GraphQL over HTTP: a response in application/json SHOULD have status 200
 * for any well-formed request, since clients of that type (the legacy one)
 * read errors from the body; 4xx for request errors is for
 * application/graphql-response+json. Apollo answers parse, validation and
 * variable-coercion failures with 400 whatever the type: this sets 200 when
 * the response is application/json. Other refusals (a malformed body, a
 * limit) keep their status. A contract error that refuses the request as a
 * whole (UNAUTHENTICATED, QUERY_TOO_COMPLEX) sets its catalog status first,
 * wherever it was thrown (a resolver, a plugin). An operation that
 * produced nothing for want of a database answers 503.
 */
export const requestErrorStatusPlugin: ApolloServerPlugin = {
  // One listener for every request: it keeps no state of its own.
  requestDidStart: async () => listener,
};

type ResponseBody = Parameters<NonNullable<GraphQLRequestListener<BaseContext>["willSendResponse"]>>[0]["response"]["body"];

/**
 * No data, and only SERVICE_UNAVAILABLE errors (as formatError coded them):
 * the operation did nothing because a database is down (a mutation with the
 * primary gone), which a client and a proxy should see as a 503, not as a
 * 200. A result with some data keeps its 200.
 */
function producedNothingForOutage(body: ResponseBody): boolean {
  if (body.kind !== "single" || (body.singleResult.data ?? null) !== null) return false;
  const { errors } = body.singleResult;
  return !!errors?.length && errors.every((error) => error.extensions?.code === "SERVICE_UNAVAILABLE");
}

const listener: GraphQLRequestListener<BaseContext> = {
  async willSendResponse({ request, response, errors }) {
    const refusedWith = errors && requestStatusOf(errors);
    if (refusedWith !== undefined) response.http.status = refusedWith;
    if (producedNothingForOutage(response.body)) response.http.status = errorCatalog.SERVICE_UNAVAILABLE.status;
    if (response.http.status !== 400 || response.body.kind !== "single" || response.body.singleResult.data !== undefined) return;
    if (!errors?.length || !errors.every(isDocumentError)) return;
    if (answersWithJson(request.http?.headers.get("accept"))) response.http.status = 200;
  },
};
