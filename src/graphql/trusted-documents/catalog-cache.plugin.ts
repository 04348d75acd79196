import { type ApolloServerPlugin, type GraphQLRequestListener } from "@apollo/server";
import { type Context } from "../context";
import { readsViewerSpecificFields } from "../viewer-specific";
import { type TrustedDocuments } from "./trusted-documents";

const noStore = "private, no-store";

/**
 * Cache-Control of GET /graphql (the only method a CDN caches):
 * `private, no-store` when the operation selects a ViewerSpecific field,
 * whoever asks; `public, max-age=CATALOG_CACHE_MAX_AGE_SECONDS` for a trusted
 * query that selects none and ran without errors; otherwise none, as before.
 * Only trusted documents are cached publicly: their set is known, so a CDN
 * holds no more entries than the manifest has documents and variable sets.
 */
export function catalogCachePlugin(trusted: TrustedDocuments, maxAgeSeconds: number): ApolloServerPlugin<Context> {
  const publicly = `public, max-age=${maxAgeSeconds}`;
  const listener: GraphQLRequestListener<Context> = {
    async willSendResponse({ schema, document, operation, queryHash, response }) {
      if (!document) return;
      if (readsViewerSpecificFields(schema, document)) return void response.http.headers.set("cache-control", noStore);
      if (maxAgeSeconds === 0 || operation?.operation !== "query" || trusted.get(queryHash ?? "")?.document !== document) return;
      if (response.body.kind === "single" && !response.body.singleResult.errors) response.http.headers.set("cache-control", publicly);
    },
  };
  return { requestDidStart: async ({ request }) => (request.http?.method === "GET" ? listener : undefined) };
}
