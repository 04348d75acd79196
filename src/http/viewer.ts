import { type Request } from "express";
import { type TokenService, type Viewer } from "../identity/tokens";

const viewers = new WeakMap<Request, Promise<Viewer | null>>();

/**
 * The request's viewer from its Authorization header, verified once per
 * request however many steps (endpoint limit, GraphQL context) ask.
 * Rejects with UnauthenticatedError for a bad token.
 */
export function viewerOf(req: Request, tokens: TokenService): Promise<Viewer | null> {
  let viewer = viewers.get(req);
  if (!viewer) {
    viewer = tokens.fromAuthorizationHeader(req.headers.authorization);
    viewers.set(req, viewer);
  }
  return viewer;
}
