/**
 * The token of an `Authorization: Bearer <token>` header (RFC 6750: one
 * token, no spaces); undefined for no header or another scheme. API tokens,
 * the queue dashboard, WebSocket params and METRICS_TOKEN all read it so.
 */
export const bearerTokenOf = (header: string | undefined): string | undefined =>
  /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? "")?.[1];
