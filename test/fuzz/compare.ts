import { request } from "undici";
import { type FuzzRequest } from "./arbitraries";

/** What a client sees of an answer: compared byte for byte between the two paths. */
export interface Answer {
  status: number;
  contentType: string | undefined;
  body: string;
}

/**
 * The two ways into /graphql. The fast path takes `/graphql` exactly; any
 * query string hands the request to Express (src/transports/http/graphql-fast-path.ts), and
 * Apollo ignores the query string of a POST: `/graphql?` is the same request
 * on the Express path, with no switch in the server.
 */
export const fastPath = "/graphql";
export const expressPath = "/graphql?";

/** Far longer than any answer takes: a request still unanswered by then hangs, which the run records as a fault. */
const answerTimeoutMs = 10_000;

/**
 * What the client sees. A subscription over SSE answers with an event
 * stream that stays open until an event comes or the client leaves: its
 * status and headers are the answer, and the stream is closed. No answer at
 * all (a reset, a refusal, the timeout) is status 0, a fault of the run,
 * never an exception that fast-check would spend the run's time shrinking.
 */
export async function send(baseUrl: string, path: string, { headers, body }: FuzzRequest): Promise<Answer> {
  try {
    const response = await request(`${baseUrl}${path}`, { method: "POST", headers, body, signal: AbortSignal.timeout(answerTimeoutMs) });
    const header = response.headers["content-type"];
    const contentType = Array.isArray(header) ? header.join(", ") : header;
    if (contentType?.startsWith("text/event-stream")) {
      // undici reports a body closed before its end as an error: this close is the client's own.
      response.body.on("error", () => undefined).destroy();
      return { status: response.statusCode, contentType, body: "(an event stream, closed after its headers)" };
    }
    return { status: response.statusCode, contentType, body: await response.body.text() };
  } catch (error) {
    return { status: 0, contentType: undefined, body: `no answer: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Why the pair of answers fails the run; undefined when it passes. */
export function faultOf(fast: Answer, express: Answer): string | undefined {
  if (fast.status === 0 || express.status === 0) return `no answer (fast path: ${fast.body.slice(0, 80)}; Express: ${express.body.slice(0, 80)})`;
  if (fast.status >= 500 || express.status >= 500) return `a 5xx (fast path ${fast.status}, Express ${express.status})`;
  if (fast.status !== express.status) return `the status differs (fast path ${fast.status}, Express ${express.status})`;
  if (fast.contentType !== express.contentType) return `the content type differs (fast path ${fast.contentType}, Express ${express.contentType})`;
  if (fast.body !== express.body) return "the body differs";
  return undefined;
}
