import { BadUserInputError } from "../../errors";
import { type PageArgs } from "../../db/pages";
import { decodeCursor } from "./cursor";

export const defaultPageSize = 20;

/** Checks `first` and `after` as a client sent them; the error names the argument. */
export function parsePageArgs(first: number | null | undefined, after: string | null | undefined, maxPageSize: number): PageArgs {
  const size = first ?? defaultPageSize;
  if (!Number.isInteger(size) || size < 0 || size > maxPageSize) {
    throw new BadUserInputError("first", `"first" must be between 0 and ${maxPageSize}.`);
  }
  return { first: size, afterId: after ? decodeCursor(after) : undefined };
}
