import { GraphQLError } from "graphql";
import { type SubscribePayload } from "graphql-ws";
import { toGraphQLError } from "../errors";
import { type OperationRequest, type TrustedDocuments } from "./trusted-documents";

/**
 * A WebSocket or SSE subscribe payload with its trusted document's text in
 * `query`, or the errors that refuse it: TrustedDocuments' rule, as on HTTP.
 * graphql-ws and graphql-sse both require `query` to be a string, so a
 * payload that names its document by id sends `query: ""` beside it.
 */
export function trustedSubscribePayload(trusted: TrustedDocuments, payload: SubscribePayload & OperationRequest): SubscribePayload | readonly GraphQLError[] {
  const resolution = trusted.resolve(payload);
  if (resolution === undefined) return payload;
  if ("refused" in resolution) return [toGraphQLError(resolution.refused)];
  // Apollo's code and message for a hash it does not know, as HTTP answers it.
  if ("unknown" in resolution) return [new GraphQLError("PersistedQueryNotFound", { extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } })];
  return { ...payload, query: resolution.trusted.text };
}
