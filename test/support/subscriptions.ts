import { type TypedDocumentNode } from "@graphql-typed-document-node/core";
import { type ExecutionResult, print } from "graphql";
import { type Client, type SubscribePayload, createClient } from "graphql-ws";
import { documentIdOf } from "./client";
import WebSocket from "ws";

/** How a subscription ended: completed by the server, or its connection closed with a code. */
export type Ending = { completed: true } | { completed: false; closeCode?: number; error?: unknown };

export interface Subscribed<Data> {
  results: Array<ExecutionResult<Data>>;
  ended: Promise<Ending>;
  /** Resolves once a result satisfies `test`. */
  waitFor(test: (result: ExecutionResult<Data>) => boolean): Promise<ExecutionResult<Data>>;
  /** Sends `complete`: the client stops the subscription. */
  unsubscribe(): void;
}

/** Sends `headers` with the upgrade request: graphql-ws constructs its socket with the URL and protocol only. */
const withHeaders = (headers: Record<string, string>) =>
  class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  };

/** A graphql-ws client on the server's /graphql, with the token in connectionParams and `headers` on the upgrade. */
export function wsClient(baseUrl: string, token?: string, headers?: Record<string, string>): Client {
  return createClient({
    url: `${baseUrl.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: headers ? withHeaders(headers) : WebSocket,
    connectionParams: token === undefined ? {} : { token },
    retryAttempts: 0,
  });
}

export function subscribe<Data, Variables extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  /** "documentId": the codegen document's id beside an empty query (graphql-ws requires a string there), as a TRUSTED_DOCUMENTS_ONLY server wants. */
  send: "text" | "documentId" = "text",
): Subscribed<Data> {
  const results: Array<ExecutionResult<Data>> = [];
  const waiters: Array<() => void> = [];
  const wake = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  let over = false;
  let unsubscribe = () => {};
  const ended = new Promise<Ending>((resolve) => {
    const end = (ending: Ending) => {
      over = true;
      resolve(ending);
      wake();
    };
    unsubscribe = client.subscribe<Data>(
      send === "documentId" ? ({ query: "", documentId: documentIdOf(document), variables } as SubscribePayload) : { query: print(document), variables },
      {
        next: (result) => {
          results.push(result as ExecutionResult<Data>);
          wake();
        },
        complete: () => end({ completed: true }),
        error: (error) => end({ completed: false, closeCode: (error as { code?: number }).code, error }),
      },
    );
  });
  return {
    results,
    ended,
    unsubscribe: () => unsubscribe(),
    waitFor: async (test) => {
      for (;;) {
        const found = results.find(test);
        if (found) return found;
        if (over) throw new Error(`subscription ended before the awaited result: ${JSON.stringify(results)}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}
