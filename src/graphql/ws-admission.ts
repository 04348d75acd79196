import { type IncomingMessage } from "node:http";
import { type VerifyClientCallbackAsync } from "ws";
import { type Config } from "../config";
import { clientIdentity } from "./limits/client-identity";
import { type ClientRateLimiter } from "./limits/client-limit";

/** The client's address from the upgrade request, as HTTP's req.ip computes it (TRUST_PROXY). */
export type ClientIpOf = (request: IncomingMessage) => string;

export interface AdmissionOptions {
  config: Config;
  clientLimits: ClientRateLimiter;
  clientIpOf: ClientIpOf;
}

/**
 * Decides on a WebSocket upgrade before the socket reads a single message:
 * at most WS_CONNECTIONS_PER_CLIENT_MAX connections open per address in this
 * process, and the handshake counts against CLIENT_RATE_LIMIT_MAX like an
 * HTTP request. The upgrade carries no token, so both count the address.
 * A refusal is HTTP 429 to the upgrade (with Retry-After for the rate limit).
 */
export function admitUpgrades({ config, clientLimits, clientIpOf }: AdmissionOptions): VerifyClientCallbackAsync {
  const open = new Map<string, number>();
  const release = (ip: string) => {
    const left = (open.get(ip) ?? 1) - 1;
    if (left > 0) open.set(ip, left);
    else open.delete(ip);
  };
  return ({ req }, decide) => {
    const ip = clientIpOf(req);
    const opened = open.get(ip) ?? 0;
    if (config.limits.enabled && opened >= config.websocket.connectionsPerClientMax) {
      return decide(false, 429, `At most ${config.websocket.connectionsPerClientMax} WebSocket connections per client.`);
    }
    // Held from here until the TCP connection closes, however the handshake ends.
    open.set(ip, opened + 1);
    req.socket.once("close", () => release(ip));
    clientLimits.check(clientIdentity(null, ip)).then(
      ({ allowed, retryAfterSeconds }) =>
        allowed ? decide(true) : decide(false, 429, "Too many requests; try again later.", { "Retry-After": String(retryAfterSeconds) }),
      () => decide(false, 503),
    );
  };
}
