import { randomUUID } from "node:crypto";
import { type IncomingHttpHeaders } from "node:http";
import { type RequestHandler } from "express";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own extension point for res.locals.
  namespace Express {
    interface Locals {
      /** Set by `assignRequestId` before any route runs. */
      requestId: string;
    }
  }
}

// A caller's id is kept only when it looks like one, so logs cannot be forged.
const acceptable = /^[A-Za-z0-9._-]{8,128}$/;

/** The request id: the caller's `x-request-id` when it is sane, else a new one. */
function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers["x-request-id"];
  return typeof given === "string" && acceptable.test(given) ? given : randomUUID();
}

/** Gives every request an id (res.locals.requestId) and returns it as `x-request-id`. */
export const assignRequestId: RequestHandler = (req, res, next) => {
  res.locals.requestId = requestIdFrom(req.headers);
  res.setHeader("x-request-id", res.locals.requestId);
  next();
};
