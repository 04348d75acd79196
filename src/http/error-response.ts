import { type Response } from "express";
import { type ContractError } from "../graphql/errors";

/**
 * Answers a request refused before GraphQL runs with a GraphQL response body
 * of one catalog error, the shape clients already handle. `extensions.http`
 * is how an error asks Apollo for a status: `status` is sent as the HTTP
 * status, never in the body.
 */
export function sendContractError(res: Response, status: number, error: ContractError): void {
  const { extensions = {}, ...formatted } = error.toJSON();
  const { http: _http, ...visible } = extensions;
  res.status(status).json({ errors: [{ ...formatted, extensions: visible }] });
}
