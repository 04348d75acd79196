import { type FragmentDefinitionNode, Kind, type OperationDefinitionNode, type SelectionSetNode } from "graphql";

export interface OperationShape {
  /** Deepest field nesting: `{ a { b } }` is 2; introspection fields are not counted. */
  depth: number;
  /** Aliased fields, counting a fragment once per spread. */
  aliases: number;
}

type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

/**
 * Depth and alias count of one operation, with fragments inlined. Each
 * fragment is measured once and reused, so fragments spreading fragments
 * cannot make this walk exponential. Runs after validation: no fragment
 * cycles, no unknown fragments.
 */
export function measureOperation(operation: OperationDefinitionNode, fragments: Fragments): OperationShape {
  const measured = new Map<string, OperationShape>();
  const measure = (selectionSet: SelectionSetNode): OperationShape => {
    const shape: OperationShape = { depth: 0, aliases: 0 };
    for (const selection of selectionSet.selections) {
      let inner: OperationShape;
      if (selection.kind === Kind.FIELD && selection.name.value.startsWith("__")) {
        // Introspection: the explorers' standard query is 15 deep, and it reads
        // the schema, not the database. Its fields still count in the cost.
        continue;
      } else if (selection.kind === Kind.FIELD) {
        inner = selection.selectionSet ? measure(selection.selectionSet) : { depth: 0, aliases: 0 };
        inner = { depth: inner.depth + 1, aliases: inner.aliases + (selection.alias ? 1 : 0) };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = measure(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!measured.has(name)) measured.set(name, fragment ? measure(fragment.selectionSet) : { depth: 0, aliases: 0 });
        inner = measured.get(name)!;
      }
      shape.depth = Math.max(shape.depth, inner.depth);
      shape.aliases += inner.aliases;
    }
    return shape;
  };
  return measure(operation.selectionSet);
}
