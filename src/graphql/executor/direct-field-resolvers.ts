import { type GraphQLFieldResolver, GraphQLScalarType, type GraphQLSchema, isObjectType } from "graphql";
import { getMetadataStorage } from "type-graphql";
import { type FieldResolverMetadata, checkMetadataShape } from "./type-graphql-metadata";

type ResolverClass = new () => Record<string, (...params: unknown[]) => unknown>;
type Param = NonNullable<FieldResolverMetadata["params"]>[number];
/** One of graphql's resolver arguments (root, args, context, info), picked for a method's parameter. */
type Pick = (root: unknown, args: unknown, context: unknown, info: unknown) => unknown;

const pickRoot: Pick = (root) => root;
const pickContext: Pick = (_root, _args, context) => context;
const pickInfo: Pick = (_root, _args, _context, info) => info;

/** The schema's validateFn for a scalar argument: it throws what validateFn would reject with. */
export type ValidateScalarArgument = (value: unknown, args: Record<string, unknown>) => void;

/** Scalars type-graphql passes through unconverted (convertToType returns them as they are). */
const passedThrough = new Set<unknown>([String, Number, Boolean]);

/** A single scalar (`first`, `after`): type-graphql hands validateFn the value itself, never an instance. */
function isScalarArg(param: Param & { kind: "arg" }): boolean {
  const type = param.getType();
  return !param.typeOptions.array && (type instanceof GraphQLScalarType || passedThrough.has(type));
}

/**
 * The graphql argument a parameter is, when type-graphql would pass it
 * through untouched: the whole parent (typed as a plain row, so not converted
 * to a class instance), the whole context, the info; or a scalar argument,
 * checked by the schema's validateFn for scalars as type-graphql would (an
 * input object or list still needs class-validator: not picked).
 */
function pickFor(param: Param, validateScalar: ValidateScalarArgument): Pick | undefined {
  if (param.kind === "root") return !param.propertyName && (!param.getType || param.getType() === Object) ? pickRoot : undefined;
  if (param.kind === "context") return param.propertyName ? undefined : pickContext;
  if (param.kind === "arg") {
    if (param.validateFn || param.validateSettings !== undefined || !isScalarArg(param)) return undefined;
    const { name } = param;
    return (_root, args) => {
      const all = args as Record<string, unknown>;
      validateScalar(all[name], all);
      return all[name];
    };
  }
  return param.kind === "info" ? pickInfo : undefined;
}

function directCall(instance: InstanceType<ResolverClass>, methodName: string, picks: Pick[]): GraphQLFieldResolver<unknown, unknown> {
  const method = instance[methodName];
  const [first, second, third, fourth, fifth] = picks;
  switch (picks.length) {
    case 1:
      return (root, args, context, info) => method.call(instance, first(root, args, context, info));
    case 2:
      return (root, args, context, info) => method.call(instance, first(root, args, context, info), second(root, args, context, info));
    case 3:
      return (root, args, context, info) =>
        method.call(instance, first(root, args, context, info), second(root, args, context, info), third(root, args, context, info));
    case 4:
      return (root, args, context, info) =>
        method.call(
          instance,
          first(root, args, context, info),
          second(root, args, context, info),
          third(root, args, context, info),
          fourth(root, args, context, info),
        );
    // A connection field: @Root, @Ctx, @Info, `first` and `after` (User.items under each user of a page).
    case 5:
      return (root, args, context, info) =>
        method.call(
          instance,
          first(root, args, context, info),
          second(root, args, context, info),
          third(root, args, context, info),
          fourth(root, args, context, info),
          fifth(root, args, context, info),
        );
    default:
      // No parameters, or six and more: one array per call, far less than the pipeline does.
      return (root, args, context, info) => method.apply(instance, picks.map((pick) => pick(root, args, context, info)));
  }
}

/**
 * type-graphql runs every field resolver call through its pipeline (a
 * container lookup, the middleware chain, the parameter list sorted and
 * mapped anew, each argument through validateFn as a promise). For a field
 * resolver declared in a @Resolver class that takes only @Root, @Ctx, @Info
 * or scalar @Arg parameters, with no middleware and no roles, that pipeline
 * passes the values through unchanged (an argument once validateFn accepts
 * it), so the method is called directly instead, with the same values in the
 * same order and each scalar argument checked by `validateScalar` first. It
 * matters for fields resolved once per row of a page (`Item.owner` under 500
 * items, `User.items` under 50 users). The schema must be built without
 * global middlewares or an authChecker (buildAppSchema passes neither), and
 * `validateScalar` must do what the schema's validateFn does with a scalar.
 * type-graphql's metadata is checked first (TypeGraphqlMetadataShapeError);
 * test/direct-field-resolvers.test.ts runs every replaced field both ways.
 * Returns the fields replaced, as `Type.field`.
 */
export function callFieldResolversDirectly(schema: GraphQLSchema, resolverClasses: readonly object[], validateScalar: ValidateScalarArgument): string[] {
  const storage = getMetadataStorage();
  checkMetadataShape(storage);
  const replaced: string[] = [];
  for (const fieldResolver of storage.fieldResolvers) {
    const { kind, target, methodName, schemaName, params = [], middlewares = [], roles } = fieldResolver;
    if (kind !== "external" || !resolverClasses.includes(target) || middlewares.length > 0 || roles) continue;
    const typeName = storage.objectTypes.find((type) => type.target === fieldResolver.getObjectType?.())?.name;
    const type = typeName ? schema.getType(typeName) : undefined;
    const field = isObjectType(type) ? type.getFields()[schemaName] : undefined;
    const picks = [...params].sort((a, b) => a.index - b.index).map((param) => pickFor(param, validateScalar));
    if (!field || picks.some((pick) => !pick)) continue;
    field.resolve = directCall(new (target as ResolverClass)(), methodName, picks as Pick[]);
    replaced.push(`${typeName}.${schemaName}`);
  }
  return replaced;
}
