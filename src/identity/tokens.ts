import { type KeyObject, createSecretKey } from "node:crypto";
import { SignJWT, errors, jwtVerify } from "jose";
import { UnauthenticatedError } from "../errors";
import { bearerTokenOf } from "../infra/bearer-token";
import { type Role } from "./roles";
import { VerifiedTokens } from "./verified-tokens";
import { type ViewerRoles } from "./viewer-roles";

/** Who is calling: the user the token names, with their role as the database says. */
export interface Viewer {
  id: number;
  role: Role;
}

const issuer = "skein";
const algorithm = "HS256";

/** Issues tokens; what a benchmark or a test needs to call the API as a user. */
export class TokenSigner {
  /** Imported once: jose would otherwise import raw key bytes on every sign and verify. */
  protected readonly key: KeyObject;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = createSecretKey(Buffer.from(secret, "utf8"));
  }

  /** The token names the user only: roles change, and are read from the database (see ViewerRoles). */
  sign(viewer: Viewer): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: algorithm })
      .setSubject(String(viewer.id))
      .setIssuer(issuer)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }
}

/** Issues and checks tokens; the viewer's role comes from `roles`, never from the token. */
export class TokenService extends TokenSigner {
  private readonly verified = new VerifiedTokens();

  constructor(
    secret: string,
    ttlSeconds: number,
    private readonly roles: ViewerRoles,
  ) {
    super(secret, ttlSeconds);
  }

  /** The viewer a token names; throws UnauthenticatedError for a bad or expired one, or one whose user is gone. */
  async verify(token: string): Promise<Viewer> {
    const id = await this.userIdOf(token);
    const role = await this.roles.roleOf(id);
    if (!role) throw new UnauthenticatedError("The token names no user.");
    return { id, role };
  }

  /**
   * The viewer with the role the database gives them now (through the role
   * cache, so at most ROLE_CACHE_TTL_SECONDS old): a connection that lives
   * longer than a request asks again at each operation. Throws
   * UnauthenticatedError once the user is gone.
   */
  async current(viewer: Viewer): Promise<Viewer> {
    const role = await this.roles.roleOf(viewer.id);
    if (!role) throw new UnauthenticatedError("The token names no user.");
    return role === viewer.role ? viewer : { id: viewer.id, role };
  }

  private async userIdOf(token: string): Promise<number> {
    const known = this.verified.userIdOf(token);
    if (known !== undefined) return known;
    let payload: { sub?: string; exp?: number };
    try {
      payload = (await jwtVerify(token, this.key, { issuer, algorithms: [algorithm] })).payload;
    } catch (error) {
      const expired = error instanceof errors.JWTExpired;
      throw new UnauthenticatedError(expired ? "The token has expired; log in again." : "The token is not valid.");
    }
    const id = Number(payload.sub);
    if (!Number.isSafeInteger(id)) throw new UnauthenticatedError("The token names no user.");
    this.verified.remember(token, id, payload.exp);
    return id;
  }

  /** Reads `Authorization: Bearer <token>`; no header means an anonymous viewer. */
  async fromAuthorizationHeader(header: string | undefined): Promise<Viewer | null> {
    if (!header) return null;
    const token = bearerTokenOf(header);
    if (!token) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>".');
    return this.verify(token);
  }
}
