import { createSecretKey } from "node:crypto";
import { jwtVerify } from "jose";
import { bearerTokenOf } from "../../src/infra/bearer-token";

export interface PeerViewer {
  id: string;
  admin: boolean;
}

/**
 * Verifies Skein's tokens (HS256, issuer "skein") the way a careful peer
 * would: the key is imported once. No header: anonymous; a bad token throws.
 */
export function viewerVerifier(secret: string): (authorization: string | undefined) => Promise<PeerViewer | null> {
  const key = createSecretKey(Buffer.from(secret));
  return async (authorization) => {
    if (!authorization) return null;
    const token = bearerTokenOf(authorization);
    if (!token) throw new Error("the Authorization header must be Bearer <token>");
    const { payload } = await jwtVerify(token, key, { issuer: "skein", algorithms: ["HS256"] });
    return { id: String(payload.sub), admin: payload.role === "ADMIN" };
  };
}

/** Skein's rule for `User.email`: the user themself and admins see it. */
export const canSeeEmail = (viewer: PeerViewer | null, userId: string): boolean => viewer !== null && (viewer.admin || viewer.id === userId);
