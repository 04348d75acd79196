import { createHash } from "node:crypto";

/**
 * A Redis key part for text a client chose (an email, a forwarded address):
 * 43 characters however long the text, so no request can make a large key.
 */
export const hashedKeyPart = (text: string): string => createHash("sha256").update(text).digest("base64url");
