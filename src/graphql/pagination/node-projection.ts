import { type PgTable } from "drizzle-orm/pg-core";
import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from "graphql";
import { type Projection, projections } from "../../db/projection";

/** How a connection's node type reads its table. */
export interface NodeColumns {
  table: PgTable;
  /** Columns every row needs whatever is selected: the id (cursors), the key its loader groups by. */
  always: readonly string[];
  /**
   * Fields resolved from other columns (`owner` from `ownerId`). A field that
   * is neither a column of its name nor listed here reads every column.
   */
  derived: Readonly<Record<string, readonly string[]>>;
}

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

/**
 * The columns a connection field's selection reads from its node table, so
 * a page of items asked for `id name` never reads a description. Worked out
 * once per place in a document: the compiled executor hands every call at
 * one place the same `fieldNodes`.
 */
export function nodeProjection(spec: NodeColumns): (info: GraphQLResolveInfo) => Projection {
  const { all, of } = projections(spec.table);
  const project = (info: GraphQLResolveInfo): Projection => {
    const keys = new Set(spec.always);
    for (const name of nodeFieldNames(info)) {
      if (Object.hasOwn(all.columns, name)) keys.add(name);
      else if (Object.hasOwn(spec.derived, name)) for (const key of spec.derived[name]) keys.add(key);
      else if (name !== "__typename") return all;
    }
    return of(keys);
  };
  const byPlace = new WeakMap<readonly FieldNode[], Projection>();
  return (info) => {
    let projection = byPlace.get(info.fieldNodes);
    if (!projection) byPlace.set(info.fieldNodes, (projection = project(info)));
    return projection;
  };
}
