import { DateTimeResolver, JSONResolver } from "graphql-scalars";
import { type BuildSchemaOptions } from "type-graphql";

/** The contract's `JSON` scalar, for fields that name it (`Job.result`). */
export const JSONScalar = JSONResolver;

/** The contract's `DateTime` (ISO 8601): every `Date` field is one. */
export const scalarsMap: NonNullable<BuildSchemaOptions["scalarsMap"]> = [{ type: Date, scalar: DateTimeResolver }];
