import { type ExecutionResult } from "graphql";

/** What a GraphQL over SSE stream delivered, and how it ended. */
export interface EventStream<Data> {
  status: number;
  results: Array<ExecutionResult<Data>>;
  /** Resolves when the stream ends: `completed` if the server sent `complete` first. */
  ended: Promise<{ completed: boolean }>;
  /** Resolves once `count` results arrived. */
  received(count: number): Promise<void>;
}

/**
 * A subscription over GraphQL over SSE (distinct connections mode), read
 * straight from the response body as any EventSource-like client does.
 */
/** `extra`: more fields of the request body (`extensions`, say). */
export async function subscribeOverSse<Data>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
  extra: Record<string, unknown> = {},
): Promise<EventStream<Data>> {
  const response = await fetch(`${baseUrl}/graphql/stream`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables, ...extra }),
  });
  const results: Array<ExecutionResult<Data>> = [];
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((waiter) => waiter());
  let over = false;
  const ended = (async () => {
    let completed = false;
    let text = "";
    try {
      const reader = response.body?.getReader();
      for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
        text += Buffer.from(chunk.value).toString();
        const events = text.split("\n\n");
        text = events.pop() ?? "";
        for (const event of events) {
          const type = /^event: (\w+)/m.exec(event)?.[1];
          const data = /^data: (.*)$/m.exec(event)?.[1];
          if (type === "next" && data) results.push(JSON.parse(data) as ExecutionResult<Data>);
          if (type === "complete") completed = true;
        }
        wake();
      }
    } catch {
      // A stream cut by the server ends like one it closed: without `complete`.
    }
    over = true;
    wake();
    return { completed };
  })();
  return {
    status: response.status,
    results,
    ended,
    received: async (count) => {
      while (results.length < count) {
        if (over) throw new Error(`stream ended after ${results.length} of ${count} results: ${JSON.stringify(results)}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}
