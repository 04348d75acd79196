import { createHash } from "node:crypto";

/**
 * The two operations every contender answers, and the numbers in them: the
 * peers that do not parse GraphQL (the baseline) read the page sizes and the
 * id from here, so the text and the work cannot drift apart.
 */
export const nestedPage = { users: 50, items: 10 } as const;
export const lightUserId = 42;

export const benchQueries = {
  nested: `{ users(first: ${nestedPage.users}) { nodes { id name items(first: ${nestedPage.items}) { nodes { id name priceCents owner { id name } } } } } }`,
  light: `{ user(id: ${lightUserId}) { id name email } }`,
} as const;

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

const documentIdOf = (query: QueryName): string => `sha256:${createHash("sha256").update(benchQueries[query]).digest("hex")}`;

/** The bench's queries as a trusted-documents manifest, in the format graphql-codegen's client preset writes. */
export const benchManifest = (): Record<string, string> => Object.fromEntries(queryNames.map((query) => [documentIdOf(query), benchQueries[query]]));

export const graphqlRequest = (baseUrl: string, query: QueryName, token: string, form: RequestForm = "text"): BenchRequest => ({
  url: `${baseUrl}/graphql`,
  headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
  body: JSON.stringify(form === "text" ? { query: benchQueries[query] } : { documentId: documentIdOf(query) }),
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
