import { BadUserInputError } from "../../errors";
import { decodeCursor } from "./cursor";

/** A validated page request: at most `first` rows after row `afterId`. */
export interface PageArgs {
  first: number;
  afterId?: number;
}

export const defaultPageSize = 20;

/** Checks `first` and `after` as a client sent them; the error names the argument. */
export function parsePageArgs(first: number | null | undefined, after: string | null | undefined, maxPageSize: number): PageArgs {
  const size = first ?? defaultPageSize;
  if (!Number.isInteger(size) || size < 0 || size > maxPageSize) {
    throw new BadUserInputError("first", `"first" must be between 0 and ${maxPageSize}.`);
  }
  return { first: size, afterId: after ? decodeCursor(after) : undefined };
}

/** Same args, same key: loaders of one request share a batch per distinct page request. */
export const pageArgsKey = (page: PageArgs): string => `${page.first}:${page.afterId ?? ""}`;
