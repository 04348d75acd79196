import { type Response } from "express";
import { type ContractError } from "../errors";

/**
 * Answers a request refused outside GraphQL (before it runs, or on a plain
 * HTTP route) with a GraphQL response body of one catalog error, the shape
 * clients already handle, and the catalog's status for its code unless the
 * refusal has a more precise one (413 for a body too large).
 */
export function sendContractError(res: Response, error: ContractError, status = error.status): void {
  res.status(status).json({ errors: [{ message: error.message, extensions: error.extensions }] });
}
