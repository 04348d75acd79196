import { type Application } from "express";
import { type IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";

/**
 * The client's address as Express's req.ip computes it (the socket's peer,
 * or the X-Forwarded-For entry the app's "trust proxy" setting accepts).
 * HTTP and the WebSocket upgrade, which Express never sees, both call this,
 * so a client counts as the same address on either.
 */
export const clientIp = (req: IncomingMessage, app: Application): string => proxyaddr(req, app.get("trust proxy fn") as (addr: string, i: number) => boolean);
