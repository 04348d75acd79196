import { BadUserInputError } from "../../errors";

// Opaque to clients: a versioned prefix lets the format change without
// silently misreading cursors issued by an older release.
const prefix = "c1:";

export function encodeCursor(id: number): string {
  return Buffer.from(`${prefix}${id}`).toString("base64url");
}

export function decodeCursor(cursor: string, field = "after"): number {
  const text = Buffer.from(cursor, "base64url").toString();
  const id = text.startsWith(prefix) ? Number(text.slice(prefix.length)) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 0) {
    throw new BadUserInputError(field, `"${field}" is not a cursor this API issued.`);
  }
  return id;
}
