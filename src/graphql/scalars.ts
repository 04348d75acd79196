import { DateTimeResolver, JSONResolver } from "graphql-scalars";
import { type BuildSchemaOptions } from "type-graphql";

/** The contract's `DateTime` (ISO 8601) and `JSON` scalars. */
const DateTimeScalar = DateTimeResolver;
export const JSONScalar = JSONResolver;

export const scalarsMap: NonNullable<BuildSchemaOptions["scalarsMap"]> = [{ type: Date, scalar: DateTimeScalar }];
