import { type getMetadataStorage } from "type-graphql";
import { StartupError } from "../../config";

/** The type-graphql release whose internal metadata direct-field-resolvers.ts was written against (pinned in package.json). */
export const readTypeGraphqlVersion = "2.0.0-rc.4";

export type MetadataStorage = ReturnType<typeof getMetadataStorage>;
export type FieldResolverMetadata = MetadataStorage["fieldResolvers"][number];

/**
 * type-graphql's metadata is not what direct-field-resolvers.ts reads: after
 * an upgrade, a field resolver called past type-graphql's pipeline could
 * skip what the pipeline now does. The server refuses to start, naming the
 * place that changed.
 */
export class TypeGraphqlMetadataShapeError extends StartupError {
  constructor(where: string, problem: string) {
    super(
      `type-graphql's metadata at ${where} ${problem}: src/graphql/executor/direct-field-resolvers.ts reads it as type-graphql ${readTypeGraphqlVersion} shapes it; check that file against the installed type-graphql`,
    );
  }
}

/**
 * Every key of each metadata object read, exactly: a key added by a new
 * release may be an option the pipeline honours (a param transform, a
 * validation switch), so an unknown key stops the start as surely as a
 * missing one. Param kinds that are never called directly (args, pubSub,
 * custom) need only their kind known.
 */
const fieldResolverKeys = [
  "complexity", "deprecationReason", "description", "directives", "extensions", "getObjectType", "getType", "kind",
  "methodName", "middlewares", "params", "resolverClassMetadata", "roles", "schemaName", "target", "typeOptions",
];
const paramBaseKeys = ["index", "kind", "methodName", "target"];
const paramKeys: Record<string, readonly string[] | undefined> = {
  root: [...paramBaseKeys, "getType", "propertyName"],
  context: [...paramBaseKeys, "propertyName"],
  info: paramBaseKeys,
  arg: [...paramBaseKeys, "deprecationReason", "description", "getType", "name", "typeOptions", "validateFn", "validateSettings"],
  args: undefined,
  pubSub: undefined,
  custom: undefined,
};
const argTypeOptionKeys = new Set(["nullable", "defaultValue", "array", "arrayDepth"]);

function expectKeys(where: string, value: object, keys: readonly string[]): void {
  const actual = Object.keys(value).sort();
  const missing = keys.filter((key) => !actual.includes(key));
  const unknown = actual.filter((key) => !keys.includes(key));
  if (missing.length > 0 || unknown.length > 0) {
    throw new TypeGraphqlMetadataShapeError(where, `has keys [${actual.join(", ")}]; missing [${missing.join(", ")}], unknown [${unknown.join(", ")}]`);
  }
}

function checkParam(where: string, param: unknown): void {
  if (typeof param !== "object" || param === null) throw new TypeGraphqlMetadataShapeError(where, "is not an object");
  const { kind } = param as { kind?: unknown };
  if (typeof kind !== "string" || !(kind in paramKeys)) throw new TypeGraphqlMetadataShapeError(`${where}.kind`, `is ${JSON.stringify(kind)}, not a known param kind`);
  const keys = paramKeys[kind];
  if (!keys) return;
  expectKeys(where, param, keys);
  if (kind !== "arg") return;
  const typeOptions = (param as { typeOptions: unknown }).typeOptions;
  const unknownOptions = Object.keys(typeOptions ?? {}).filter((key) => !argTypeOptionKeys.has(key));
  if (unknownOptions.length > 0) throw new TypeGraphqlMetadataShapeError(`${where}.typeOptions`, `has unknown keys [${unknownOptions.join(", ")}]`);
}

/** Throws TypeGraphqlMetadataShapeError where `storage` is not shaped as direct-field-resolvers.ts reads it. */
export function checkMetadataShape(storage: MetadataStorage): void {
  if (!Array.isArray(storage.fieldResolvers)) throw new TypeGraphqlMetadataShapeError("fieldResolvers", "is not an array");
  if (!Array.isArray(storage.objectTypes)) throw new TypeGraphqlMetadataShapeError("objectTypes", "is not an array");
  storage.fieldResolvers.forEach((fieldResolver: FieldResolverMetadata, index) => {
    const where = `fieldResolvers[${index}] (${fieldResolver.target?.name}.${fieldResolver.methodName})`;
    expectKeys(where, fieldResolver, fieldResolverKeys);
    if (fieldResolver.kind !== "internal" && fieldResolver.kind !== "external") throw new TypeGraphqlMetadataShapeError(`${where}.kind`, `is ${JSON.stringify(fieldResolver.kind)}`);
    for (const list of ["params", "middlewares"] as const) {
      if (fieldResolver[list] !== undefined && !Array.isArray(fieldResolver[list])) throw new TypeGraphqlMetadataShapeError(`${where}.${list}`, "is not an array");
    }
    fieldResolver.params?.forEach((param, paramIndex) => checkParam(`${where}.params[${paramIndex}]`, param));
  });
  storage.objectTypes.forEach((objectType, index) => {
    if (typeof objectType.target !== "function" || typeof objectType.name !== "string") {
      throw new TypeGraphqlMetadataShapeError(`objectTypes[${index}]`, "has no target class or no name");
    }
  });
}
