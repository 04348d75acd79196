/**
 * The error codes of the public contract, each with the HTTP status of a
 * request refused with it and what it means to a client. schema.graphql's
 * header is printed from this list and a test keeps it equal to
 * contract/contract.graphql. Transport-neutral: services, routes and jobs
 * throw these; src/graphql/errors.ts and src/transports/http/error-response.ts map
 * them to GraphQL errors and HTTP responses.
 */
export const errorCatalog = {
  BAD_USER_INPUT: { status: 400, meaning: "an argument failed validation (which one: extensions.field)" },
  UNAUTHENTICATED: { status: 401, meaning: "no valid token where one is needed" },
  FORBIDDEN: { status: 403, meaning: "authenticated, but not allowed to touch this object" },
  NOT_FOUND: { status: 404, meaning: "a mutation named an object that does not exist" },
  ALREADY_EXISTS: { status: 409, meaning: "a unique key is taken (email on signUp, sku on createItem)" },
  INSUFFICIENT_STOCK: { status: 409, meaning: "placeOrder asked for more than is left" },
  RATE_LIMITED: { status: 429, meaning: "a per-field or per-client limit was hit (extensions.retryAfterSeconds)" },
  QUERY_TOO_COMPLEX: { status: 400, meaning: "the operation exceeds the depth or cost limit (extensions.cost)" },
  TRUSTED_DOCUMENT_REQUIRED: { status: 400, meaning: "only trusted documents run here: send a documentId from the manifest" },
  SERVICE_UNAVAILABLE: { status: 503, meaning: "a dependency is down and the operation cannot degrade" },
  INTERNAL_SERVER_ERROR: { status: 500, meaning: "anything else; the message never leaks internals" },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export const isContractCode = (code: unknown): code is ErrorCode =>
  typeof code === "string" && Object.hasOwn(errorCatalog, code);

/** Base of every error a client may see; anything else is masked. */
export abstract class ContractError extends Error {
  abstract readonly code: ErrorCode;
  /**
   * The code and the details a client reads beside the message (GraphQL's
   * `extensions`, the same in an HTTP error body). Named so that graphql-js
   * and Apollo carry it over when they wrap a thrown error.
   */
  readonly extensions: Readonly<{ code: ErrorCode } & Record<string, unknown>>;

  constructor(message: string, code: ErrorCode, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.extensions = { code, ...details };
  }

  /** The HTTP status of a request refused with this error, from the catalog. */
  get status(): number {
    return errorCatalog[this.code].status;
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
    super(message, "UNAUTHENTICATED");
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
    super(`Only ${available} left; ${requested} requested.`, "INSUFFICIENT_STOCK", { requested, available });
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
    super(message, "QUERY_TOO_COMPLEX", { cost });
  }
}

export class ServiceUnavailableError extends ContractError {
  readonly code = "SERVICE_UNAVAILABLE";
  constructor(message = "A service this operation needs is unavailable; try again shortly.") {
    super(message, "SERVICE_UNAVAILABLE");
  }
}

export class TrustedDocumentRequiredError extends ContractError {
  readonly code = "TRUSTED_DOCUMENT_REQUIRED";
  constructor(message = "This server runs only its trusted documents: send the operation's documentId, not its text.") {
    super(message, "TRUSTED_DOCUMENT_REQUIRED");
  }
}
