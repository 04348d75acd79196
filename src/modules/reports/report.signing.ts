import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Download links signed with HMAC-SHA256 over the report id and expiry, so
 * any instance can check one without a session or a lookup.
 */
export class ReportLinks {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
  ) {}

  private signature(reportId: number, expires: number): string {
    return createHmac("sha256", this.secret).update(`report:${reportId}:${expires}`).digest("base64url");
  }

  /** A path relative to any API instance, valid for REPORT_URL_TTL_SECONDS. */
  pathFor(reportId: number, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + this.ttlSeconds;
    return `/reports/${reportId}?expires=${expires}&signature=${this.signature(reportId, expires)}`;
  }

  /** True when the signature is this server's and has not expired. */
  verify(reportId: number, expires: number, signature: string, now = Date.now()): boolean {
    if (!Number.isSafeInteger(expires) || expires * 1000 < now) return false;
    const expected = Buffer.from(this.signature(reportId, expires));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
