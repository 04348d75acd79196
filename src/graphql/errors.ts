import { GraphQLError } from "graphql";

/**
 * The error codes of the public contract (extensions.code), with what each
 * means to a client. schema.graphql's header is printed from this list and a
 * test keeps it equal to contract/contract.graphql.
 */
export const errorCatalog = {
  BAD_USER_INPUT: "an argument failed validation (which one: extensions.field)",
  UNAUTHENTICATED: "no valid token where one is needed",
  FORBIDDEN: "authenticated, but not allowed to touch this object",
  NOT_FOUND: "a mutation named an object that does not exist",
  ALREADY_EXISTS: "a unique key is taken (email on signUp, sku on createItem)",
  INSUFFICIENT_STOCK: "placeOrder asked for more than is left",
  RATE_LIMITED: "a per-field or per-client limit was hit (extensions.retryAfterSeconds)",
  QUERY_TOO_COMPLEX: "the operation exceeds the depth or cost limit (extensions.cost)",
  SERVICE_UNAVAILABLE: "a dependency is down and the operation cannot degrade",
  INTERNAL_SERVER_ERROR: "anything else; the message never leaks internals",
} as const;

export type ErrorCode = keyof typeof errorCatalog;

export const isContractCode = (code: unknown): code is ErrorCode =>
  typeof code === "string" && Object.hasOwn(errorCatalog, code);

/** Base of every error a client may see; anything else is masked. */
export abstract class ContractError extends GraphQLError {
  abstract readonly code: ErrorCode;
  constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

export class BadUserInputError extends ContractError {
  readonly code = "BAD_USER_INPUT";
  /** `field`: the argument that failed; undefined when the request as a whole is malformed (a body that is not JSON). */
  constructor(readonly field: string | undefined, message: string) {
    super(message, "BAD_USER_INPUT", field === undefined ? {} : { field });
  }
}

export class UnauthenticatedError extends ContractError {
  readonly code = "UNAUTHENTICATED";
  constructor(message = "You must be logged in to do this.") {
    super(message, "UNAUTHENTICATED", { http: { status: 401 } });
  }
}

export class ForbiddenError extends ContractError {
  readonly code = "FORBIDDEN";
  constructor(message = "You are not allowed to do this.") {
    super(message, "FORBIDDEN");
  }
}

export class NotFoundError extends ContractError {
  readonly code = "NOT_FOUND";
  constructor(what: string, id: string) {
    super(`${what} ${id} does not exist.`, "NOT_FOUND");
  }
}

export class AlreadyExistsError extends ContractError {
  readonly code = "ALREADY_EXISTS";
  constructor(readonly field: string, message: string) {
    super(message, "ALREADY_EXISTS", { field });
  }
}

export class InsufficientStockError extends ContractError {
  readonly code = "INSUFFICIENT_STOCK";
  constructor(requested: number, available: number) {
    super(`Only ${available} left; ${requested} requested.`, "INSUFFICIENT_STOCK", {
      requested,
      available,
    });
  }
}

export class RateLimitedError extends ContractError {
  readonly code = "RATE_LIMITED";
  constructor(readonly retryAfterSeconds: number, message = "Too many requests; try again later.") {
    super(message, "RATE_LIMITED", { retryAfterSeconds });
  }
}

export class QueryTooComplexError extends ContractError {
  readonly code = "QUERY_TOO_COMPLEX";
  constructor(message: string, cost: { requested: number; limit: number }) {
    super(message, "QUERY_TOO_COMPLEX", { cost, http: { status: 400 } });
  }
}

export class ServiceUnavailableError extends ContractError {
  readonly code = "SERVICE_UNAVAILABLE";
  constructor(message = "A service this operation needs is unavailable; try again shortly.") {
    super(message, "SERVICE_UNAVAILABLE");
  }
}
