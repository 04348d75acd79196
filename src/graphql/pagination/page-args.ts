import { Arg, Int } from "type-graphql";
import { type Context } from "../context";
import { BadUserInputError } from "../../errors";
import { type PageArgs } from "../../db/pages";
import { decodeCursor } from "./cursor";

export const defaultPageSize = 20;

/**
 * The `first` and `after` arguments of every connection field. Two plain
 * arguments rather than an @ArgsType class: a class would be instantiated
 * and run through class-validator on every call, once per parent row of a
 * nested connection.
 */
export const FirstArg = () => Arg("first", () => Int, { nullable: true, defaultValue: defaultPageSize });
export const AfterArg = () => Arg("after", () => String, { nullable: true });

/** Checks `first` and `after` as a client sent them; the error names the argument. */
export function parsePageArgs(first: number | null | undefined, after: string | null | undefined, maxPageSize: number): PageArgs {
  const size = first ?? defaultPageSize;
  if (!Number.isInteger(size) || size < 0 || size > maxPageSize) {
    throw new BadUserInputError("first", `"first" must be between 0 and ${maxPageSize}.`);
  }
  return { first: size, afterId: after ? decodeCursor(after) : undefined };
}

/** parsePageArgs with the request's configured PAGE_SIZE_MAX. */
export const pageArgsOf = (ctx: Context, first: number | null | undefined, after: string | null | undefined): PageArgs =>
  parsePageArgs(first, after, ctx.app.config.graphql.pageSizeMax);
