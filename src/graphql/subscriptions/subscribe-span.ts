import { SpanKind } from "@opentelemetry/api";
import { type ExecutionArgs, getOperationAST } from "graphql";
import { inSpan } from "../../infra/tracing/spans";

export type SubscriptionTransport = "ws" | "sse";

/**
 * A subscription's start (the resolver's checks, the topic's SUBSCRIBE) in a
 * span "subscribe <name>", on either transport: the WebSocket's, under no
 * HTTP request, or the SSE stream's, under its request's span.
 */
export function traceSubscribe<T>(transport: SubscriptionTransport, args: ExecutionArgs, work: () => Promise<T>): Promise<T> {
  const name = () => subscriptionNameOf(args);
  return inSpan(
    () => `subscribe ${name() ?? ""}`.trim(),
    { kind: SpanKind.SERVER, attributes: () => ({ ...subscriptionAttributes(name()), "skein.transport": transport }) },
    work,
  );
}

/** The operation's name: the one the client sent, else the document's (clients often send only the query). */
export const subscriptionNameOf = (args: ExecutionArgs): string | undefined =>
  args.operationName ?? getOperationAST(args.document, args.operationName)?.name?.value;

export const subscriptionAttributes = (name: string | undefined) => ({
  "graphql.operation.type": "subscription",
  ...(name && { "graphql.operation.name": name }),
});
