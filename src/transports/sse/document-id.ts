import { type Request as ExpressRequest } from "express";

/**
 * The request's `documentId` (GraphQL over HTTP's persisted-document id),
 * read from the request itself: graphql-sse passes on only query,
 * variables, operationName and extensions. A POST's JSON body holds it, a
 * GET's query string; undefined when the request names no document by id.
 */
export function streamDocumentId(req: ExpressRequest): unknown {
  if (req.method === "GET") return new URLSearchParams(req.originalUrl.split("?")[1] ?? "").get("documentId") ?? undefined;
  const body: unknown = req.body;
  return typeof body === "object" && body !== null ? (body as { documentId?: unknown }).documentId : undefined;
}
