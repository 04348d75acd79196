import { type IncomingMessage } from "node:http";
import express, { type RequestHandler } from "express";

/** The one body most GraphQL requests have: plain UTF-8 JSON, not compressed. */
const plainJson = /^application\/json(?:\s*;\s*charset=utf-8)?$/i;

/** An error shaped as body-parser's, so `bodyErrorHandler` answers both parsers alike. */
const bodyError = (type: string, status: number, message: string, extra: object = {}): Error =>
  Object.assign(new Error(message), { type, status, ...extra });

/**
 * A body's bytes in one buffer: the first chunk as it came (most bodies are
 * one chunk), then a copy that doubles as needed, up to `limit`. Holding
 * every chunk instead would cost a Buffer object per chunk, over 100 bytes
 * for a 1-byte chunk, where raw-body (Express's reader) holds one string.
 */
class BodyBytes {
  private bytes: Buffer = Buffer.alloc(0);
  private length = 0;
  private owned = false;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    if (this.length === 0) {
      this.bytes = chunk;
      this.length = chunk.length;
      return;
    }
    const needed = this.length + chunk.length;
    if (!this.owned || needed > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.limit, Math.max(needed, 2 * this.length, 4096)));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
      this.owned = true;
    }
    chunk.copy(this.bytes, this.length);
    this.length = needed;
  }

  /** The body as UTF-8 text, without a byte order mark (raw-body's decoder drops it too). */
  text(): string {
    const start = this.length >= 3 && this.bytes[0] === 0xef && this.bytes[1] === 0xbb && this.bytes[2] === 0xbf ? 3 : 0;
    return this.bytes.toString("utf8", start, this.length);
  }
}

/** The body as one string, or an error once it passes `limit` bytes (the rest is not kept). */
function readText(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const body = new BodyBytes(limit);
    let length = 0;
    req.on("data", (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        req.removeAllListeners("data").resume();
        reject(bodyError("entity.too.large", 413, "request entity too large", { limit }));
      } else body.add(chunk);
    });
    req.once("end", () => resolve(body.text()));
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
