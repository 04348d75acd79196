import { CloseCode } from "graphql-ws";
import { decodeJwt } from "jose";
import type WebSocket from "ws";
import { bearerTokenOf } from "../../infra/bearer-token";
import { type TokenService, type Viewer } from "../../identity/tokens";

/** What a connection's params may carry: `authorization: "Bearer …"` or `token`. */
export type ConnectionParams = { authorization?: unknown; token?: unknown } | undefined;

/** Who a connection acts for, and until when (ms since the epoch); no token means anonymous, for the connection's life. */
export interface Session {
  viewer: Viewer | null;
  expiresAt?: number;
}

/** The token the params carry; undefined for none, as HTTP reads no Authorization header (or an empty one). */
function tokenIn(params: ConnectionParams): string | undefined {
  if (typeof params?.token === "string") return params.token;
  if (typeof params?.authorization !== "string" || params.authorization === "") return undefined;
  // Not "Bearer <token>": an empty token, refused like any bad one.
  return bearerTokenOf(params.authorization) ?? "";
}

/** The session a connection's params name; throws UnauthenticatedError for a bad or expired token. */
export async function sessionFrom(tokens: TokenService, params: ConnectionParams): Promise<Session> {
  const token = tokenIn(params);
  if (token === undefined) return { viewer: null };
  const viewer = await tokens.verify(token);
  // Verified just above, so its exp is the server's own.
  const { exp } = decodeJwt(token);
  return { viewer, expiresAt: exp === undefined ? undefined : exp * 1000 };
}

export const hasExpired = (session: Session): boolean => session.expiresAt !== undefined && Date.now() >= session.expiresAt;

/** setTimeout's longest delay (about 24.8 days); a later expiry re-arms the timer. */
const maxTimerMs = 2 ** 31 - 1;

/** Closes `socket` with 4403 Forbidden once its token has expired, so no subscription outlives the token. */
export function closeAtExpiry(socket: WebSocket, expiresAt: number): void {
  const arm = (): NodeJS.Timeout =>
    setTimeout(() => {
      if (Date.now() < expiresAt) timer = arm();
      else socket.close(CloseCode.Forbidden, "Token expired");
    }, Math.min(Math.max(0, expiresAt - Date.now()), maxTimerMs));
  let timer = arm();
  socket.once("close", () => clearTimeout(timer));
}
