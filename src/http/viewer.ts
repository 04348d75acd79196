import { type IncomingMessage } from "node:http";
import { type TokenService, type Viewer } from "../modules/auth/tokens";

const viewers = new WeakMap<IncomingMessage, Promise<Viewer | null>>();

/**
 * The request's viewer from its Authorization header, verified once per
 * request however many steps (endpoint limit, GraphQL context) ask.
 * Rejects with UnauthenticatedError for a bad token.
 */
export function viewerOf(req: IncomingMessage, tokens: TokenService): Promise<Viewer | null> {
  let viewer = viewers.get(req);
  if (!viewer) {
    viewer = tokens.fromAuthorizationHeader(req.headers.authorization);
    viewers.set(req, viewer);
  }
  return viewer;
}
