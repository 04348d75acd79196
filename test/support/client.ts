import { type TypedDocumentNode } from "@graphql-typed-document-node/core";
import { type DocumentNode, type GraphQLFormattedError, print } from "graphql";

export interface GraphQLResponse<Data> {
  status: number;
  headers: Headers;
  data?: Data | null;
  errors?: GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

/** A codegen document's id in the trusted-documents manifest (`persistedDocuments` in codegen.ts). */
export const documentIdOf = (document: TypedDocumentNode<unknown, never> | DocumentNode): string | undefined =>
  (document as { __meta__?: { hash?: string } }).__meta__?.hash;

/**
 * A GraphQL-over-HTTP client for tests, typed by codegen's documents. With
 * `send: "documentId"` it sends a codegen document's id instead of its text,
 * as a frontend built against a TRUSTED_DOCUMENTS_ONLY server does.
 */
export class GraphQLClient {
  constructor(
    readonly url: string,
    readonly token?: string,
    readonly send: "text" | "documentId" = "text",
  ) {}

  as(token: string | undefined): GraphQLClient {
    return new GraphQLClient(this.url, token, this.send);
  }

  async request<Data, Variables>(
    document: TypedDocumentNode<Data, Variables> | DocumentNode | string,
    variables?: Variables,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<Data>> {
    const documentId = this.send === "documentId" && typeof document !== "string" ? documentIdOf(document) : undefined;
    if (documentId) return this.post(JSON.stringify({ documentId, variables }), headers);
    const query = typeof document === "string" ? document : print(document);
    return this.post(JSON.stringify({ query, variables }), headers);
  }

  /** Sends a raw body, for requests a well-behaved client would never make. */
  async post<Data = unknown>(body: string, headers: Record<string, string> = {}): Promise<GraphQLResponse<Data>> {
    const response = await fetch(`${this.url}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        // As Apollo Client and graphql-http's client send it: request errors then keep their 4xx
        // (with application/json alone they answer 200, as GraphQL over HTTP asks).
        accept: "application/graphql-response+json, application/json;q=0.9",
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body,
    });
    const text = await response.text();
    let payload: Omit<GraphQLResponse<Data>, "status" | "headers">;
    try {
      payload = JSON.parse(text);
    } catch {
      throw new Error(`HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
    return { status: response.status, headers: response.headers, ...payload };
  }

  /** The data of a request that must succeed; throws with the errors otherwise. */
  async data<Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables?: Variables): Promise<Data> {
    const response = await this.request(document, variables);
    if (response.errors?.length || !response.data) {
      throw new Error(`expected data, got HTTP ${response.status}: ${JSON.stringify(response.errors)}`);
    }
    return response.data;
  }
}

/** The `extensions.code` of each error, in order. */
export const errorCodes = (response: GraphQLResponse<unknown>): unknown[] =>
  (response.errors ?? []).map((error) => error.extensions?.code);
