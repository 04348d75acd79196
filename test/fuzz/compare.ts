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

export async function send(baseUrl: string, path: string, { headers, body }: FuzzRequest): Promise<Answer> {
  const response = await request(`${baseUrl}${path}`, { method: "POST", headers, body });
  const contentType = response.headers["content-type"];
  return { status: response.statusCode, contentType: Array.isArray(contentType) ? contentType.join(", ") : contentType, body: await response.body.text() };
}

/** Why the pair of answers fails the run; undefined when it passes. */
export function faultOf(fast: Answer, express: Answer): string | undefined {
  if (fast.status >= 500 || express.status >= 500) return `a 5xx (fast path ${fast.status}, Express ${express.status})`;
  if (fast.status !== express.status) return `the status differs (fast path ${fast.status}, Express ${express.status})`;
  if (fast.contentType !== express.contentType) return `the content type differs (fast path ${fast.contentType}, Express ${express.contentType})`;
  if (fast.body !== express.body) return "the body differs";
  return undefined;
}
