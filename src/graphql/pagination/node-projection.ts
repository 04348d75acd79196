import { type PgColumn } from "drizzle-orm/pg-core";
import {
  type FieldNode,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  TypeInfo,
  getNamedType,
  isObjectType,
  visit,
  visitWithTypeInfo,
} from "graphql";
import { Extensions } from "type-graphql";
import { type Projection, projections } from "../../db/projection";

/** How an object type reads its table. */
export interface NodeColumns {
  /** The columns the API may read (a page of users never reads a password hash). */
  columns: Record<string, PgColumn>;
  /** Columns every row needs whatever is selected: the id (cursors), the key its loader groups by. */
  always: readonly string[];
}

/**
 * The columns a field that is not a column reads from its parent row
 * (`Item.owner` reads `ownerId`), declared on the field where it is
 * resolved, in whichever feature. A selected field that is neither a column
 * of its name nor declared so makes its parent read every column.
 */
export const ReadsColumns = (...keys: string[]) => Extensions({ readsColumns: keys });

const declaredColumns = (field: GraphQLField<unknown, unknown> | undefined): readonly string[] | undefined =>
  field?.extensions.readsColumns as readonly string[] | undefined;

type Fragments = GraphQLResolveInfo["fragments"];

/** Each field selected in `set`, through inline fragments and spreads, whatever their directives say: a superset is safe. */
function forEachField(set: SelectionSetNode | undefined, fragments: Fragments, visit: (field: FieldNode) => void, seen = new Set<string>()): void {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) visit(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) forEachField(selection.selectionSet, fragments, visit, seen);
    else if (!seen.has(selection.name.value) && Object.hasOwn(fragments, selection.name.value)) {
      seen.add(selection.name.value);
      forEachField(fragments[selection.name.value].selectionSet, fragments, visit, seen);
    }
  }
}

/** The names of the fields selected on the object a field returns. */
function objectFieldNames({ fieldNodes, fragments }: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  for (const node of fieldNodes) forEachField(node.selectionSet, fragments, (field) => names.add(field.name.value));
  return names;
}

/** The names of the fields a connection field selects on its nodes, through `nodes` and `edges { node }`. */
function nodeFieldNames({ fieldNodes, fragments }: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const addNodeFields = (node: FieldNode) => forEachField(node.selectionSet, fragments, (field) => names.add(field.name.value));
  for (const connection of fieldNodes) {
    forEachField(connection.selectionSet, fragments, (field) => {
      if (field.name.value === "nodes") addNodeFields(field);
      else if (field.name.value === "edges") forEachField(field.selectionSet, fragments, (edge) => edge.name.value === "node" && addNodeFields(edge));
    });
  }
  return names;
}

/** The fields of an object type (a connection's node type through its `nodes` field), none for another type. */
function fieldsOf(type: GraphQLOutputType, throughConnection: boolean): Record<string, GraphQLField<unknown, unknown>> {
  const named = getNamedType(type);
  if (!isObjectType(named)) return {};
  if (!throughConnection) return named.getFields();
  const nodes = named.getFields().nodes;
  return nodes ? fieldsOf(nodes.type, false) : {};
}

/** Projection keys for field names selected on an object type whose fields are `fields`; undefined when one reads every column. */
function keysFor(spec: NodeColumns, names: Iterable<string>, fieldOf: (name: string) => GraphQLField<unknown, unknown> | undefined): Set<string> | undefined {
  const keys = new Set(spec.always);
  for (const name of names) {
    if (Object.hasOwn(spec.columns, name)) keys.add(name);
    else if (name !== "__typename") {
      const declared = declaredColumns(fieldOf(name));
      if (!declared) return undefined;
      for (const key of declared) keys.add(key);
    }
  }
  return keys;
}

/** The projection for one place in a document, worked out once: the compiled executor hands every call at one place the same `fieldNodes`. */
function projectionPerPlace(spec: NodeColumns, throughConnection: boolean): (info: GraphQLResolveInfo) => Projection {
  const { all, of } = projections(spec.columns);
  const project = (info: GraphQLResolveInfo): Projection => {
    const fields = fieldsOf(info.returnType, throughConnection);
    const keys = keysFor(spec, throughConnection ? nodeFieldNames(info) : objectFieldNames(info), (name) => fields[name]);
    return keys ? of(keys) : all;
  };
  const byPlace = new WeakMap<readonly FieldNode[], Projection>();
  return (info) => {
    let projection = byPlace.get(info.fieldNodes);
    if (!projection) byPlace.set(info.fieldNodes, (projection = project(info)));
    return projection;
  };
}

/** The columns a connection field's selection reads from its node table, so a page of items asked for `id name` never reads a description. */
export const nodeProjection = (spec: NodeColumns): ((info: GraphQLResolveInfo) => Projection) => projectionPerPlace(spec, true);

/** The columns an object field's selection reads from its table (an item's `owner { id name }`: the id and the name). */
export const objectProjection = (spec: NodeColumns): ((info: GraphQLResolveInfo) => Projection) => projectionPerPlace(spec, false);

/**
 * The columns of every selection of `typeName` anywhere in the operation
 * and its fragments (directives not evaluated: a superset). A page whose
 * rows the request holds for other selections of that type (the users of a
 * page, held as their items' owners) reads them once, with what all of
 * those selections need. Worked out once per operation.
 */
export function operationProjection(spec: NodeColumns, typeName: string): (info: GraphQLResolveInfo) => Projection {
  const { all, of } = projections(spec.columns);
  const project = ({ schema, operation, fragments }: GraphQLResolveInfo): Projection => {
    const typeInfo = new TypeInfo(schema);
    const names = new Set<string>();
    const fieldDefs = new Map<string, GraphQLField<unknown, unknown>>();
    const collect = visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (getNamedType(typeInfo.getParentType() ?? undefined)?.name !== typeName) return;
        names.add(node.name.value);
        const def = typeInfo.getFieldDef();
        if (def) fieldDefs.set(node.name.value, def);
      },
    });
    for (const definition of [operation, ...Object.values(fragments)]) visit(definition, collect);
    const keys = keysFor(spec, names, (name) => fieldDefs.get(name));
    return keys ? of(keys) : all;
  };
  const byOperation = new WeakMap<OperationDefinitionNode, Projection>();
  return (info) => {
    let projection = byOperation.get(info.operation);
    if (!projection) byOperation.set(info.operation, (projection = project(info)));
    return projection;
  };
}
