import { type IncomingMessage } from "node:http";
import express, { type RequestHandler } from "express";

/** The one body most GraphQL requests have: plain UTF-8 JSON, not compressed. */
const plainJson = /^application\/json(?:\s*;\s*charset=utf-8)?$/i;

/** An error shaped as body-parser's, so `bodyErrorHandler` answers both parsers alike. */
const bodyError = (type: string, status: number, message: string, extra: object = {}): Error =>
  Object.assign(new Error(message), { type, status, ...extra });

/** The body as one string, or an error once it passes `limit` bytes (the rest is not kept). */
function readText(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on("data", (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        req.removeAllListeners("data").resume();
        reject(bodyError("entity.too.large", 413, "request entity too large", { limit }));
      } else chunks.push(chunk);
    });
    req.once("end", () => resolve(chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8")));
    req.once("error", (error) => reject(bodyError("request.aborted", 400, error.message)));
  });
}

/** body-parser's strict JSON: an object or an array; an empty body is `{}`. */
function parseStrict(text: string): unknown {
  const first = /\S/.exec(text)?.[0];
  if (first === undefined) return {};
  if (first !== "{" && first !== "[") throw bodyError("entity.parse.failed", 400, "body must be an object or an array");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw bodyError("entity.parse.failed", 400, (error as Error).message);
  }
}

/** A POST whose body is plain UTF-8 JSON: what `readPlainJson` reads. */
export const isPlainJsonPost = (req: IncomingMessage): boolean => {
  const type = req.headers["content-type"];
  return req.method === "POST" && type !== undefined && plainJson.test(type) && req.headers["content-encoding"] === undefined;
};

/**
 * A plain JSON body (see isPlainJsonPost) read and parsed directly, without
 * body-parser's stream and decoding machinery, which cost as much as a light
 * query's execution. Rejects as body-parser does (too large: 413, bad JSON: 400).
 */
export function readPlainJson(req: IncomingMessage, limit: number): Promise<unknown> {
  if (Number(req.headers["content-length"]) > limit) return Promise.reject(bodyError("entity.too.large", 413, "request entity too large", { limit }));
  return readText(req, limit).then(parseStrict);
}

/**
 * `express.json({ limit })` with readPlainJson's short path for plain UTF-8
 * JSON. Any other body (another charset, compressed, another type) takes
 * express.json as before; both fail with the same error types.
 */
export function jsonBody(limit: number): RequestHandler {
  const general = express.json({ limit });
  return (req, res, next) => {
    if (!isPlainJsonPost(req)) {
      general(req, res, next);
      return;
    }
    readPlainJson(req, limit).then((body) => {
      req.body = body;
      next();
    }, next);
  };
}
