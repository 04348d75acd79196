import { randomUUID } from "node:crypto";
import { type IncomingHttpHeaders } from "node:http";

// A caller's id is kept only when it looks like one, so logs cannot be forged.
const acceptable = /^[A-Za-z0-9._-]{8,128}$/;

/** The request id: the caller's `x-request-id` when it is sane, else a new one. */
export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers["x-request-id"];
  return typeof given === "string" && acceptable.test(given) ? given : randomUUID();
}
