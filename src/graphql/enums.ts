/** A GraphQL enum object (`{ A: "A", … }`) from a closed set of string literals defined elsewhere. */
export const literalEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
