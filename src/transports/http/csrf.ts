import { type IncomingMessage } from "node:http";
import { MIMEType } from "node:util";

/** The types a browser sends cross-site without a preflight (the Fetch standard's CORS-safelisted ones). */
const simpleTypes: ReadonlySet<string> = new Set(["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]);

/** Apollo's default csrfPrevention headers: a browser sends neither cross-site without a preflight. */
const preflightHeaders = ["x-apollo-operation-name", "apollo-require-preflight"] as const;

const essenceOf = (type: string): string | undefined => {
  try {
    return new MIMEType(type).essence;
  } catch {
    return undefined;
  }
};

/**
 * Apollo's CSRF prevention rule (its preventCsrf, which it does not
 * export), for the routes Apollo does not serve (GraphQL over SSE): a
 * request a browser could send cross-site without a preflight (no
 * Content-Type, or a simple one) is refused unless it carries one of the
 * preflight headers. An unparseable Content-Type is not one a browser sends
 * without a preflight. test/input-bounds.test.ts runs both routes on the same requests.
 */
export function mayBeCrossSiteForgery(req: IncomingMessage): boolean {
  const type = req.headers["content-type"];
  if (type !== undefined) {
    const essence = essenceOf(type);
    if (essence === undefined || !simpleTypes.has(essence)) return false;
  }
  return !preflightHeaders.some((header) => {
    const value = req.headers[header];
    return value !== undefined && value.length > 0;
  });
}

/** What Apollo answers a forgery with (its BAD_REQUEST, a client's BAD_USER_INPUT). */
export const forgeryMessage =
  "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a 'content-type' header " +
  `(with a type that is not one of ${[...simpleTypes].join(", ")}) or provide a non-empty value for one of the following headers: ${preflightHeaders.join(", ")}`;
