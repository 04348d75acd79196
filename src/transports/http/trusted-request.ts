import { type ContractError } from "../../errors";
import { type TrustedDocument } from "../../graphql/trusted-documents/manifest";
import { type OperationRequest, type TrustedDocuments } from "../../graphql/trusted-documents/trusted-documents";

/** An HTTP request's GraphQL parameters as Apollo reads them: the query string (GET) and the body (POST). */
export interface HttpGraphQLParams {
  search: string;
  body: unknown;
}

/** The request's extensions with Apollo's persistedQuery naming the resolved document. */
const persistedForm = (extensions: unknown, resolution: { trusted: TrustedDocument } | { unknown: string }) => ({
  ...(typeof extensions === "object" && extensions !== null ? extensions : {}),
  persistedQuery: { version: 1, sha256Hash: "trusted" in resolution ? resolution.trusted.hash : resolution.unknown },
});

function parsedExtensions(value: string | null): unknown {
  try {
    return value === null ? undefined : JSON.parse(value);
  } catch {
    // Apollo answers a malformed `extensions` itself.
    return undefined;
  }
}

/** GET: only a documentId, or TRUSTED_DOCUMENTS_ONLY, makes the query string worth reading here. */
function fromSearch(trusted: TrustedDocuments, search: string, body: unknown): HttpGraphQLParams | ContractError {
  if (!trusted.only && !search.includes("documentId=")) return { search, body };
  const params = new URLSearchParams(search);
  const request: OperationRequest = { query: params.get("query") ?? undefined, documentId: params.get("documentId") ?? undefined, extensions: parsedExtensions(params.get("extensions")) };
  const resolution = trusted.resolve(request);
  if (resolution === undefined) return { search, body };
  if ("refused" in resolution) return resolution.refused;
  params.delete("documentId");
  params.delete("query");
  params.set("extensions", JSON.stringify(persistedForm(request.extensions, resolution)));
  return { search: `?${params}`, body };
}

/** POST: the JSON body, which Apollo reads as an object (anything else it refuses itself). */
function fromBody(trusted: TrustedDocuments, search: string, body: unknown): HttpGraphQLParams | ContractError {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { search, body };
  const request = body as OperationRequest;
  const resolution = trusted.resolve(request);
  if (resolution === undefined) return { search, body };
  if ("refused" in resolution) return resolution.refused;
  // Apollo's own hash-only form needs no rewriting: its APQ cache finds manifest documents (apollo-caches.ts).
  if (request.documentId === undefined && request.query === undefined) return { search, body };
  const { documentId: _id, query: _query, ...rest } = request;
  return { search, body: { ...rest, extensions: persistedForm(request.extensions, resolution) } };
}

/**
 * A request by documentId, or by a trusted document's text, rewritten into
 * Apollo's APQ form (hash only), which finds the manifest's text and its
 * parsed document with no further work (trusted-documents/apollo-caches.ts);
 * or the error that refuses it. Free-form requests pass unchanged.
 */
export const trustedParams = (trusted: TrustedDocuments, method: string, { search, body }: HttpGraphQLParams): HttpGraphQLParams | ContractError =>
  method === "GET" ? fromSearch(trusted, search, body) : fromBody(trusted, search, body);
