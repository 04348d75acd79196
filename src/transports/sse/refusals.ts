import { type Request as ExpressRequest, type Response as ExpressResponse } from "express";
import { type GraphQLFormattedError } from "graphql";
import { type Response as SseResponse } from "graphql-sse";
import { STATUS_CODES } from "node:http";
import { type Logger } from "pino";
import { BadUserInputError, errorCatalog, isContractCode } from "../../errors";
import { forgeryMessage, mayBeCrossSiteForgery } from "../http/csrf";
import { sendContractError } from "../http/error-response";

/**
 * Refuses, as /graphql does, a stream request graphql-sse must not see: a
 * CSRF-simple one (Apollo's rule), and a POST whose body the JSON reader
 * ahead of it did not take (another type), which graphql-sse would read
 * whole, with no limit. True when the request was answered.
 */
export function refuseStreamRequest(req: ExpressRequest, res: ExpressResponse): boolean {
  if (mayBeCrossSiteForgery(req)) {
    sendContractError(res, new BadUserInputError(undefined, forgeryMessage));
  } else if (req.method === "POST" && req.body === undefined) {
    sendContractError(res, new BadUserInputError(undefined, "A subscription over Server-Sent Events is a POST of application/json."), 415);
  } else {
    return false;
  }
  return true;
}

/**
 * A subscription refused before it starts, answered as over HTTP: its
 * formatted errors (each with extensions.code) in a JSON body, with the
 * first code's HTTP status (400 for a document that does not parse or
 * validate). graphql-sse would take an error-only result for arguments and
 * answer "Unable to detect operation AST", losing the codes.
 */
export function refusalResponse({ errors = [] }: { errors?: readonly GraphQLFormattedError[] }): SseResponse {
  const code = errors[0]?.extensions?.code;
  const status = isContractCode(code) ? errorCatalog[code].status : 400;
  return [JSON.stringify({ errors }), { status, statusText: STATUS_CODES[status] ?? "", headers: { "content-type": "application/json; charset=utf-8" } }];
}

/**
 * A stream that failed in graphql-sse's hands, answered here rather than by
 * Express's default handler, which prints a raw stack on stderr. A write
 * that failed because the client left (EPIPE, ECONNRESET: the response is no
 * longer writable) is one debug line; anything else is a failure of ours,
 * logged as an error, with a 500 if nothing was sent yet.
 */
export function streamFailed(logger: Logger, error: unknown, res: ExpressResponse): void {
  const requestId = res.locals.requestId as string | undefined;
  if (!res.writable) {
    logger.debug({ err: error, requestId }, "event stream ended: the client left");
    return;
  }
  logger.error({ err: error, requestId }, "event stream failed");
  if (res.headersSent) {
    res.destroy();
  } else {
    res.statusCode = 500;
    res.end();
  }
}
