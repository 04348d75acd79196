import { type Viewer } from "../../identity/tokens";

/**
 * Who a limit counts: the user when the token is valid, else the client's
 * address (behind a proxy, the one Express's "trust proxy" setting accepts).
 */
export const clientIdentity = (viewer: Viewer | null, ip: string | undefined): string =>
  viewer ? `user:${viewer.id}` : `ip:${ip ?? "unknown"}`;
