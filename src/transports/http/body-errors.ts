import { type ServerResponse } from "node:http";
import { type ErrorRequestHandler } from "express";
import { BadUserInputError } from "../../errors";
import { sendContractError } from "./error-response";

/**
 * Answers a body the JSON parser refused (bad JSON, too large, an unknown
 * charset or Content-Encoding, a compressed body that does not inflate) with
 * a GraphQL error response; false for any other error, which is not answered.
 * Both readers' errors carry body-parser's `status` (and `type`, but
 * body-parser gives a broken gzip stream none).
 */
export function answerBodyError(res: ServerResponse, error: unknown): boolean {
  const { type, status, limit } = error as { type?: string; status?: number; limit?: number };
  if (type === "entity.parse.failed") {
    sendContractError(res, new BadUserInputError(undefined, "The request body is not valid JSON."));
  } else if (status === 413) {
    sendContractError(res, new BadUserInputError(undefined, `The request body exceeds ${limit} bytes.`), 413);
  } else if (status === 415) {
    sendContractError(res, new BadUserInputError(undefined, "The request body's charset or Content-Encoding is not supported."), 415);
  } else if (status !== undefined && status >= 400 && status < 500) {
    sendContractError(res, new BadUserInputError(undefined, "The request body could not be read."));
  } else {
    return false;
  }
  return true;
}

/** answerBodyError for Express, instead of its HTML error page. */
export const bodyErrorHandler: ErrorRequestHandler = (error, _req, res, next) => {
  if (!answerBodyError(res, error)) next(error);
};
