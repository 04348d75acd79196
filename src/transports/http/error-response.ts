import { type ServerResponse } from "node:http";
import { type ContractError } from "../../errors";

/**
 * Answers a request refused outside GraphQL (before it runs, or on a plain
 * HTTP route) with a GraphQL response body of one catalog error, the shape
 * clients already handle, and the catalog's status for its code unless the
 * refusal has a more precise one (413 for a body too large). Plain
 * node:http, so the GraphQL fast path and Express answer alike.
 */
export function sendContractError(res: ServerResponse, error: ContractError, status = error.status): void {
  const body = JSON.stringify({ errors: [{ message: error.message, extensions: error.extensions }] });
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("content-length", Buffer.byteLength(body));
  res.end(body);
}
