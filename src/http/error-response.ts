import { type ServerResponse } from "node:http";
import { type ContractError } from "../graphql/errors";

/**
 * Answers a request refused before GraphQL runs with a GraphQL response body
 * of one catalog error, the shape clients already handle. `extensions.http`
 * is how an error asks Apollo for a status: `status` is sent as the HTTP
 * status, never in the body. Plain node:http, so the GraphQL fast path and
 * Express answer alike.
 */
export function sendContractError(res: ServerResponse, status: number, error: ContractError): void {
  const { extensions = {}, ...formatted } = error.toJSON();
  const { http: _http, ...visible } = extensions;
  const body = JSON.stringify({ errors: [{ ...formatted, extensions: visible }] });
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("content-length", Buffer.byteLength(body));
  res.end(body);
}
