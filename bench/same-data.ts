import { isDeepStrictEqual } from "node:util";
import { type RunningContender } from "./contenders";
import { type QueryName, graphqlRequest, send } from "./queries";

interface Answer {
  data?: unknown;
  errors?: unknown;
}

/** The first place two JSON values differ, as a path, for the error message. */
function firstDifference(a: unknown, b: unknown, at = "data"): string {
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return `${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const key = keys.find((k) => !isDeepStrictEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  return key === undefined ? at : firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
}

/**
 * Throws unless every contender answers the query with HTTP 200, no errors
 * and the same `data` as the first: a faster wrong answer measures nothing.
 */
export async function assertSameData(running: Map<string, RunningContender>, query: QueryName, token: string): Promise<void> {
  let reference: { name: string; data: unknown } | undefined;
  for (const [name, contender] of running) {
    const { status, body } = await send(graphqlRequest(contender.url, query, token, contender.form));
    const answer = body as Answer;
    if (status !== 200 || answer.errors || answer.data === undefined) {
      throw new Error(`${name} answered the ${query} query with HTTP ${status}: ${JSON.stringify(body).slice(0, 500)}`);
    }
    reference ??= { name, data: answer.data };
    if (!isDeepStrictEqual(answer.data, reference.data)) {
      throw new Error(`${name} and ${reference.name} return different data for the ${query} query; first difference at ${firstDifference(answer.data, reference.data)}`);
    }
  }
}
