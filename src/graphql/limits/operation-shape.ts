import { type FieldNode, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, type SelectionSetNode } from "graphql";

export interface OperationShape {
  /** Deepest field nesting: `{ a { b } }` is 2; introspection (`__schema { ... }`) counts 0. */
  depth: number;
  /** Aliased fields, counting a fragment once per spread. */
  aliases: number;
}

type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

const none: OperationShape = Object.freeze({ depth: 0, aliases: 0 });

/**
 * Depth and alias count of one operation, with fragments inlined. Each
 * fragment is measured once and reused, so fragments spreading fragments
 * cannot make this walk exponential. Runs after validation: no fragment
 * cycles, no unknown fragments.
 */
export function measureOperation(operation: OperationDefinitionNode, fragments: Fragments): OperationShape {
  const measured = new Map<string, OperationShape>();
  const measureField = (field: FieldNode): OperationShape => {
    const inner = field.selectionSet ? measure(field.selectionSet) : none;
    // Introspection reads the schema, not the database, and the explorers'
    // standard query is 15 deep: an introspection field and all it selects
    // count no depth (their aliases and cost still count).
    const depth = field.name.value.startsWith("__") ? 0 : inner.depth + 1;
    return { depth, aliases: inner.aliases + (field.alias ? 1 : 0) };
  };
  const measureSpread = (name: string): OperationShape => {
    if (!measured.has(name)) {
      const fragment = fragments.get(name);
      measured.set(name, fragment ? measure(fragment.selectionSet) : none);
    }
    return measured.get(name)!;
  };
  const measure = (selectionSet: SelectionSetNode): OperationShape => {
    const shape = { ...none };
    for (const selection of selectionSet.selections) {
      const inner =
        selection.kind === Kind.FIELD
          ? measureField(selection)
          : selection.kind === Kind.INLINE_FRAGMENT
            ? measure(selection.selectionSet)
            : measureSpread(selection.name.value);
      shape.depth = Math.max(shape.depth, inner.depth);
      shape.aliases += inner.aliases;
    }
    return shape;
  };
  return measure(operation.selectionSet);
}
