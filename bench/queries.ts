import { readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../src/config";
import { documentIdOf } from "../test/support/client";
import { graphql } from "../test/__generated__";

/**
 * The two operations every contender answers, and the numbers in them: the
 * peers that do not parse GraphQL (the baseline) read the page sizes and the
 * id from here; the check below keeps them and the documents' text together.
 */
export const nestedPage = { users: 50, items: 10 } as const;
export const lightUserId = 42;

/**
 * codegen (codegen.ts) finds these as it finds the tests' documents: their
 * text and SHA-256 go into test/__generated__/persisted-documents.json, the
 * manifest a frontend would ship, which the skein-id contender runs with.
 */
const benchDocuments = {
  nested: graphql(`query BenchNested { users(first: 50) { nodes { id name items(first: 10) { nodes { id name priceCents owner { id name } } } } } }`),
  light: graphql(`query BenchLight { user(id: 42) { id name email } }`),
};

/** codegen's manifest: each document's id (its `__meta__.hash`) to the text that id stands for. */
export const benchManifestPath = path.join(projectRoot, "test", "__generated__", "persisted-documents.json");
const manifest = JSON.parse(readFileSync(benchManifestPath, "utf8")) as Record<string, string>;

const documentIds = {
  nested: documentIdOf(benchDocuments.nested)!,
  light: documentIdOf(benchDocuments.light)!,
};

/** The text every contender is sent: the manifest's, so a request by text and one by id name the same document. */
export const benchQueries = { nested: manifest[documentIds.nested], light: manifest[documentIds.light] };

for (const [query, text] of Object.entries(benchQueries)) {
  if (text === undefined) throw new Error(`bench: the ${query} document is not in ${benchManifestPath}: run npm run codegen`);
}
if (!benchQueries.nested.includes(`users(first: ${nestedPage.users})`) || !benchQueries.nested.includes(`items(first: ${nestedPage.items})`)) {
  throw new Error("bench: the nested document's page sizes differ from nestedPage");
}
if (!benchQueries.light.includes(`user(id: ${lightUserId})`)) throw new Error("bench: the light document's id differs from lightUserId");

export type QueryName = keyof typeof benchQueries;
export const queryNames = Object.keys(benchQueries) as QueryName[];

/**
 * Every request carries the token of the light query's user, so `email` is
 * not null and every contender verifies a JWT, as Skein does for a signed-in caller.
 */
export const viewerId = lightUserId;

export interface BenchRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** How a contender is asked: the query's text, or (Skein with TRUSTED_DOCUMENTS) the documentId of that same text. */
export type RequestForm = "text" | "documentId";

export const graphqlRequest = (baseUrl: string, query: QueryName, token: string, form: RequestForm = "text"): BenchRequest => ({
  url: `${baseUrl}/graphql`,
  headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
  body: JSON.stringify(form === "text" ? { query: benchQueries[query] } : { documentId: documentIds[query] }),
});

/** One request; the body parsed as JSON when it is JSON, else its text (a 429's, say). */
export async function send(request: BenchRequest): Promise<{ status: number; body: unknown }> {
  const response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}
