import { type RequestHandler } from "express";
import { RateLimitedError } from "../errors";
import { clientIdentity } from "../graphql/limits/client-identity";
import { type ClientRateLimiter } from "../graphql/limits/client-limit";
import { type TokenService } from "../identity/tokens";
import { clientIp } from "./client-ip";
import { sendContractError } from "./error-response";
import { viewerOf } from "./viewer";

/** The endpoint-wide limit per client: over it, HTTP 429 with Retry-After, before any parsing. */
export function clientLimitMiddleware(limiter: ClientRateLimiter, tokens: TokenService): RequestHandler {
  return async (req, res, next) => {
    // A bad token is counted by address; the GraphQL context answers it with 401.
    const viewer = await viewerOf(req, tokens).catch(() => null);
    const { allowed, retryAfterSeconds } = await limiter.check(clientIdentity(viewer, clientIp(req, req.app)));
    if (allowed) return next();
    res.set("Retry-After", String(retryAfterSeconds));
    sendContractError(res, new RateLimitedError(retryAfterSeconds));
  };
}
