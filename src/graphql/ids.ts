import { BadUserInputError } from "../errors";

/** Parses an `ID` argument; ids are positive integers sent as strings. */
export function parseId(value: string | number, field: string): number {
  const id = typeof value === "number" ? value : /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new BadUserInputError(field, `"${field}" is not a valid id.`);
  }
  return id;
}
