import { type IncomingMessage } from "node:http";
import { type VerifyClientCallbackAsync } from "ws";
import { type ClientConnections } from "../subscriptions/client-connections";
import { clientIdentity } from "../../graphql/limits/client-identity";
import { type ClientRateLimiter } from "../../graphql/limits/client-limit";

/** The client's address from the upgrade request, as HTTP's req.ip computes it (TRUST_PROXY). */
export type ClientIpOf = (request: IncomingMessage) => string;

export interface AdmissionOptions {
  /** Shared with the SSE transport: one cap over both. */
  connections: ClientConnections;
  clientLimits: ClientRateLimiter;
  clientIpOf: ClientIpOf;
  /** Whether the upgrade's Origin may open a socket (the CORS allowlist; no Origin passes). */
  admitsOrigin: (request: IncomingMessage) => boolean;
}

/**
 * Decides on a WebSocket upgrade before the socket reads a single message:
 * at most WS_CONNECTIONS_PER_CLIENT_MAX connections open per address in this
 * process (SSE streams included: ClientConnections), and the handshake
 * counts against CLIENT_RATE_LIMIT_MAX like an HTTP request. The upgrade carries no token, so both count the address.
 * A refusal is HTTP 429 to the upgrade (with Retry-After for the rate limit);
 * a page on an origin the CORS allowlist refuses gets 403 first.
 */
export function admitUpgrades({ connections, clientLimits, clientIpOf, admitsOrigin }: AdmissionOptions): VerifyClientCallbackAsync {
  return ({ req }, decide) => {
    if (!admitsOrigin(req)) return decide(false, 403, "This origin may not open a WebSocket.");
    const ip = clientIpOf(req);
    // Held from here until the TCP connection closes, however the handshake ends.
    const refusal = connections.hold(ip, req.socket);
    if (refusal) return decide(false, 429, refusal);
    clientLimits.check(clientIdentity(null, ip)).then(
      ({ allowed, retryAfterSeconds }) =>
        allowed ? decide(true) : decide(false, 429, "Too many requests; try again later.", { "Retry-After": String(retryAfterSeconds) }),
      () => decide(false, 503),
    );
  };
}
