import { type IncomingMessage } from "node:http";
import { type TokenService, type Viewer } from "../../identity/tokens";

/** Where a request keeps its viewer: a property, since a WeakMap entry per request weighs on every garbage collection. */
const viewerKey = Symbol("viewer");

type WithViewer = IncomingMessage & { [viewerKey]?: Promise<Viewer | null> };

/**
 * The request's viewer from its Authorization header, verified once per
 * request however many steps (endpoint limit, GraphQL context) ask.
 * Rejects with UnauthenticatedError for a bad token.
 */
export function viewerOf(req: IncomingMessage, tokens: TokenService): Promise<Viewer | null> {
  return ((req as WithViewer)[viewerKey] ??= tokens.fromAuthorizationHeader(req.headers.authorization));
}
