import { type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from "graphql";
import { getMetadataStorage } from "type-graphql";

type ResolverClass = new () => Record<string, (...params: unknown[]) => unknown>;
type Param = NonNullable<ReturnType<typeof getMetadataStorage>["fieldResolvers"][number]["params"]>[number];
/** One of graphql's resolver arguments (root, args, context, info), picked for a method's parameter. */
type Pick = (root: unknown, args: unknown, context: unknown, info: unknown) => unknown;

const pickRoot: Pick = (root) => root;
const pickContext: Pick = (_root, _args, context) => context;
const pickInfo: Pick = (_root, _args, _context, info) => info;

/**
 * The graphql argument a parameter is, when type-graphql would pass it
 * through untouched: the whole parent (typed as a plain row, so not converted
 * to a class instance), the whole context, the info. Arguments never are:
 * they go through validateFn.
 */
function pickFor(param: Param): Pick | undefined {
  if (param.kind === "root") return !param.propertyName && (!param.getType || param.getType() === Object) ? pickRoot : undefined;
  if (param.kind === "context") return param.propertyName ? undefined : pickContext;
  return param.kind === "info" ? pickInfo : undefined;
}

function directCall(instance: InstanceType<ResolverClass>, methodName: string, picks: Pick[]): GraphQLFieldResolver<unknown, unknown> | undefined {
  const method = instance[methodName];
  const [first, second, third] = picks;
  switch (picks.length) {
    case 1:
      return (root, args, context, info) => method.call(instance, first(root, args, context, info));
    case 2:
      return (root, args, context, info) => method.call(instance, first(root, args, context, info), second(root, args, context, info));
    case 3:
      return (root, args, context, info) =>
        method.call(instance, first(root, args, context, info), second(root, args, context, info), third(root, args, context, info));
    default:
      return undefined;
  }
}

/**
 * type-graphql runs every field resolver call through its pipeline (a
 * container lookup, the middleware chain, the parameter list sorted and
 * mapped anew, each argument through validateFn as a promise). For a field
 * resolver declared in a @Resolver class that takes only @Root, @Ctx or
 * @Info, with no middleware and no roles, that pipeline passes the values
 * through unchanged, so the method is called directly instead, with the same
 * values in the same order. It matters for fields resolved once per row of a
 * page (`Item.owner` under 500 items: about 3% of the nested query's CPU).
 * The schema must be built without global middlewares or an authChecker
 * (buildAppSchema passes neither).
 */
export function callFieldResolversDirectly(schema: GraphQLSchema, resolverClasses: readonly object[]): void {
  const storage = getMetadataStorage();
  for (const fieldResolver of storage.fieldResolvers) {
    const { kind, target, methodName, schemaName, params = [], middlewares = [], roles } = fieldResolver;
    if (kind !== "external" || !resolverClasses.includes(target) || middlewares.length > 0 || roles) continue;
    const typeName = storage.objectTypes.find((type) => type.target === fieldResolver.getObjectType?.())?.name;
    const type = typeName ? schema.getType(typeName) : undefined;
    const field = isObjectType(type) ? type.getFields()[schemaName] : undefined;
    const picks = [...params].sort((a, b) => a.index - b.index).map(pickFor);
    if (!field || picks.some((pick) => !pick)) continue;
    const resolve = directCall(new (target as ResolverClass)(), methodName, picks as Pick[]);
    if (resolve) field.resolve = resolve;
  }
}
