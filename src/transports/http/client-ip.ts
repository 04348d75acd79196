import { type Application } from "express";
import { type IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";

type TrustProxy = (address: string, hop: number) => boolean;

const trustOf = (app: Application): TrustProxy => app.get("trust proxy fn") as TrustProxy;

/**
 * The client's address as Express's req.ip computes it (the socket's peer,
 * or the X-Forwarded-For entry the app's "trust proxy" setting accepts).
 * HTTP and the WebSocket upgrade, which Express never sees, both call this,
 * so a client counts as the same address on either.
 */
export const clientIp = (req: IncomingMessage, app: Application): string => proxyaddr(req, trustOf(app));

/** The first value of a header that a proxy may have sent as a list. */
const firstOf = (value: string): string => {
  const comma = value.indexOf(",");
  return comma === -1 ? value : value.slice(0, comma);
};

/**
 * `scheme://host` as the client addressed this server: Express's
 * `${req.protocol}://${req.host}`, X-Forwarded-Proto and -Host counted only
 * from a peer the "trust proxy" setting trusts. For requests Express never sees.
 */
export function requestOrigin(req: IncomingMessage, app: Application): string {
  const trusted = trustOf(app)(req.socket.remoteAddress ?? "", 0);
  const forwardedProto = req.headers["x-forwarded-proto"];
  const forwardedHost = req.headers["x-forwarded-host"];
  const ownProto = "encrypted" in req.socket && req.socket.encrypted ? "https" : "http";
  const protocol = trusted && typeof forwardedProto === "string" && forwardedProto ? firstOf(forwardedProto).trim() : ownProto;
  const host = trusted && typeof forwardedHost === "string" && forwardedHost ? firstOf(forwardedHost).trimEnd() : req.headers.host;
  return `${protocol}://${host}`;
}
