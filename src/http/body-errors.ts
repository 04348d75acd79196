import { type ErrorRequestHandler } from "express";
import { BadUserInputError } from "../errors";
import { sendContractError } from "./error-response";

/**
 * Turns a body the JSON parser refused (bad JSON, too large) into a GraphQL
 * error response instead of Express's HTML page.
 */
export const bodyErrorHandler: ErrorRequestHandler = (error, _req, res, next) => {
  const type = (error as { type?: string }).type;
  if (type === "entity.parse.failed") {
    sendContractError(res, new BadUserInputError(undefined, "The request body is not valid JSON."));
  } else if (type === "entity.too.large") {
    const limit = (error as { limit?: number }).limit;
    sendContractError(res, new BadUserInputError(undefined, `The request body exceeds ${limit} bytes.`), 413);
  } else if (type && (error as { status?: number }).status === 400) {
    sendContractError(res, new BadUserInputError(undefined, "The request body could not be read."));
  } else {
    next(error);
  }
};
