import { randomUUID } from "node:crypto";
import { type IncomingMessage, type ServerResponse } from "node:http";
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

/** The request id (the caller's `x-request-id` when it is sane, else a new one), also sent back as `x-request-id`. */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers["x-request-id"];
  const requestId = typeof given === "string" && acceptable.test(given) ? given : randomUUID();
  res.setHeader("x-request-id", requestId);
  return requestId;
}

/** Gives every request Express serves an id (res.locals.requestId); see requestIdFor. */
export const assignRequestId: RequestHandler = (req, res, next) => {
  res.locals.requestId = requestIdFor(req, res);
  next();
};
