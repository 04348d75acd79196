import { type IncomingMessage, type ServerResponse } from "node:http";
import { type Application, type RequestHandler } from "express";
import { RateLimitedError } from "../../errors";
import { clientIdentity } from "../../graphql/limits/client-identity";
import { type ClientRateLimiter } from "../../graphql/limits/client-limit";
import { type TokenService } from "../../identity/tokens";
import { clientIp } from "./client-ip";
import { sendContractError } from "./error-response";
import { viewerOf } from "./viewer";

/** Counts a request against its client's limit; false when it was refused and answered. */
export type AdmitClient = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * The endpoint-wide limit per client: over it, HTTP 429 with Retry-After,
 * before any parsing. `app` holds the "trust proxy" setting the client's
 * address is read with.
 */
export function clientAdmission(limiter: ClientRateLimiter, tokens: TokenService, app: Application): AdmitClient {
  return async (req, res) => {
    // A bad token is counted by address; the GraphQL context answers it with 401.
    const viewer = await viewerOf(req, tokens).catch(() => null);
    const { allowed, retryAfterSeconds } = await limiter.check(clientIdentity(viewer, viewer ? undefined : clientIp(req, app)));
    if (allowed) return true;
    res.setHeader("Retry-After", String(retryAfterSeconds));
    sendContractError(res, new RateLimitedError(retryAfterSeconds));
    return false;
  };
}

/** clientAdmission for Express: the next handler runs only for an admitted request. */
export const clientLimitMiddleware =
  (admit: AdmitClient): RequestHandler =>
  async (req, res, next) => {
    if (await admit(req, res)) next();
  };
