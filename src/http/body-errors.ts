import { type ServerResponse } from "node:http";
import { type ErrorRequestHandler } from "express";
import { BadUserInputError } from "../errors";
import { sendContractError } from "./error-response";

/**
 * Answers a body the JSON parser refused (bad JSON, too large) with a
 * GraphQL error response; false for any other error, which is not answered.
 */
export function answerBodyError(res: ServerResponse, error: unknown): boolean {
  const type = (error as { type?: string }).type;
  if (type === "entity.parse.failed") {
    sendContractError(res, new BadUserInputError(undefined, "The request body is not valid JSON."));
  } else if (type === "entity.too.large") {
    const limit = (error as { limit?: number }).limit;
    sendContractError(res, new BadUserInputError(undefined, `The request body exceeds ${limit} bytes.`), 413);
  } else if (type && (error as { status?: number }).status === 400) {
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
