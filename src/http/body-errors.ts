import { type ErrorRequestHandler } from "express";

/**
 * Turns a body the JSON parser refused (bad JSON, too large) into a GraphQL
 * error response instead of Express's HTML page.
 */
export const bodyErrorHandler: ErrorRequestHandler = (error, _req, res, next) => {
  const type = (error as { type?: string }).type;
  if (type === "entity.parse.failed") {
    res.status(400).json({ errors: [{ message: "The request body is not valid JSON.", extensions: { code: "BAD_USER_INPUT" } }] });
  } else if (type === "entity.too.large") {
    const limit = (error as { limit?: number }).limit;
    res.status(413).json({ errors: [{ message: `The request body exceeds ${limit} bytes.`, extensions: { code: "BAD_USER_INPUT" } }] });
  } else if (type && (error as { status?: number }).status === 400) {
    res.status(400).json({ errors: [{ message: "The request body could not be read.", extensions: { code: "BAD_USER_INPUT" } }] });
  } else {
    next(error);
  }
};
