import cors from "cors";
import { type IncomingMessage, type RequestListener } from "node:http";
import { type Config } from "../../config";

/** Outside production with CORS_ORIGINS unset: a dev server on any local port, and Apollo's hosted Sandbox. */
const developmentOrigins: readonly (string | RegExp)[] = [/^http:\/\/localhost(:\d+)?$/, /^http:\/\/127\.0\.0\.1(:\d+)?$/, "https://studio.apollographql.com"];

/** What a GraphQL client sends: Apollo Client's headers, the read-after token and the request id. */
const allowedRequestHeaders = ["content-type", "authorization", "apollo-require-preflight", "x-apollo-operation-name", "x-read-after", "x-request-id"];
/** What a browser script may read on an answer from another origin. */
const exposedHeaders = ["X-Request-Id", "X-Read-After", "Retry-After"];
/** How long a browser may reuse a preflight's answer (Chrome caps it at 2 hours). */
const preflightMaxAgeSeconds = 600;

/**
 * Which browser origins may use the API: CORS_ORIGINS, else the
 * environment's default. The one rule for HTTP (CORS headers), the
 * WebSocket upgrade and the SSE stream.
 */
export class OriginPolicy {
  private readonly anyOrigin: boolean;
  private readonly listed: readonly (string | RegExp)[];

  constructor({ cors: settings, production }: Pick<Config, "cors" | "production">) {
    const origins = settings.origins ?? (production ? [] : developmentOrigins);
    this.anyOrigin = origins.includes("*");
    this.listed = origins;
  }

  allows(origin: string): boolean {
    return this.anyOrigin || this.listed.some((allowed) => (typeof allowed === "string" ? allowed === origin : allowed.test(origin)));
  }

  /**
   * Whether a request that opens a stream (a WebSocket upgrade, an SSE
   * request) may go on: no Origin (a server, a CLI), its own origin
   * (`ownOrigin`: scheme and host as the client addressed this server), or an
   * allowed one. A page on any other origin is refused, which stops
   * cross-site WebSocket hijacking.
   */
  admitsStream(req: IncomingMessage, ownOrigin: () => string): boolean {
    const { origin } = req.headers;
    return origin === undefined || this.allows(origin) || origin === ownOrigin();
  }

  /** The value of Access-Control-Allow-Origin for `origin`; [] tells the cors package to send none. */
  allowOriginFor(origin: string | undefined): string | [] {
    if (this.anyOrigin) return "*";
    return origin !== undefined && this.allows(origin) ? origin : [];
  }
}

/**
 * Runs the cors package ahead of `listener` (the GraphQL fast path and
 * Express alike), so every answer carries the CORS headers, a refusal
 * (413, 429) as well as a result, and a preflight gets 204 without
 * reaching either. A disallowed origin gets no Access-Control-Allow-Origin.
 */
export function withCors(policy: OriginPolicy, credentials: boolean, listener: RequestListener): RequestListener {
  const middleware = cors({
    origin: (origin, decide) => decide(null, policy.allowOriginFor(origin)),
    methods: ["GET", "POST"],
    allowedHeaders: allowedRequestHeaders,
    exposedHeaders,
    credentials,
    maxAge: preflightMaxAgeSeconds,
  });
  return (req, res) => (isFromNoBrowser(req) ? listener(req, res) : middleware(req, res, () => listener(req, res)));
}

/**
 * A POST without Origin: browsers send Origin with every POST, same-origin
 * ones too, and no shared cache keeps a POST's answer, so CORS headers on it
 * would tell nobody anything (a server, a CLI, a mobile app). A GET keeps
 * them: its answer may be cached and later served to a browser, which needs
 * `Vary: Origin`.
 */
const isFromNoBrowser = (req: IncomingMessage): boolean => req.method === "POST" && req.headers.origin === undefined;
