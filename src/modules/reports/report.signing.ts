import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Download links signed with HMAC-SHA256 over the report id and expiry, so
 * any instance can check one without a session or a lookup.
 */
export class ReportLinks {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
    /** PUBLIC_URL: wins over the request's origin. */
    private readonly publicUrl: string | undefined,
  ) {}

  private signature(reportId: number, expires: number): string {
    return createHmac("sha256", this.secret).update(`report:${reportId}:${expires}`).digest("base64url");
  }

  /**
   * An absolute link, valid for REPORT_URL_TTL_SECONDS on any instance: under
   * PUBLIC_URL, else under the origin the client used. Built when the client
   * reads it, so a report a worker process finished gets it too. Relative only
   * where neither is known (a WebSocket context without PUBLIC_URL).
   */
  urlFor(reportId: number, requestOrigin: string | undefined, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + this.ttlSeconds;
    const origin = this.publicUrl ?? requestOrigin ?? "";
    return `${origin}/reports/${reportId}?expires=${expires}&signature=${this.signature(reportId, expires)}`;
  }

  /** True when the signature is this server's and has not expired. */
  verify(reportId: number, expires: number, signature: string, now = Date.now()): boolean {
    if (!Number.isSafeInteger(expires) || expires * 1000 < now) return false;
    const expected = Buffer.from(this.signature(reportId, expires));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
