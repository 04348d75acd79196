import { type KeyObject, createSecretKey } from "node:crypto";
import { SignJWT, errors, jwtVerify } from "jose";
import { UnauthenticatedError } from "../../graphql/errors";
import { type Role, defaultRole, isRole } from "../users/user.roles";

/** Who is calling, as the token says. */
export interface Viewer {
  id: number;
  role: Role;
}

/** The token of an `Authorization: Bearer <token>` header; undefined for no header or another scheme. */
export const bearerTokenOf = (header: string | undefined): string | undefined =>
  /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? "")?.[1];

const issuer = "skein";
const algorithm = "HS256";

export class TokenService {
  /** Imported once: jose would otherwise import raw key bytes on every sign and verify. */
  private readonly key: KeyObject;

  constructor(secret: string, private readonly ttlSeconds: number) {
    this.key = createSecretKey(Buffer.from(secret, "utf8"));
  }

  sign(viewer: Viewer): Promise<string> {
    return new SignJWT({ role: viewer.role })
      .setProtectedHeader({ alg: algorithm })
      .setSubject(String(viewer.id))
      .setIssuer(issuer)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  /** The viewer a token names; throws UnauthenticatedError for a bad or expired one. */
  async verify(token: string): Promise<Viewer> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer, algorithms: [algorithm] });
      const id = Number(payload.sub);
      const role = isRole(payload.role) ? payload.role : defaultRole;
      if (!Number.isSafeInteger(id)) throw new UnauthenticatedError("The token names no user.");
      return { id, role };
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      const expired = error instanceof errors.JWTExpired;
      throw new UnauthenticatedError(expired ? "The token has expired; log in again." : "The token is not valid.");
    }
  }

  /** Reads `Authorization: Bearer <token>`; no header means an anonymous viewer. */
  async fromAuthorizationHeader(header: string | undefined): Promise<Viewer | null> {
    if (!header) return null;
    const token = bearerTokenOf(header);
    if (!token) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>".');
    return this.verify(token);
  }
}
