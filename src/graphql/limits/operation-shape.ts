import { type FragmentDefinitionNode, Kind, type OperationDefinitionNode, type SelectionSetNode } from "graphql";

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
 * cannot make this walk exponential. Nothing here recurses: a chain of
 * hundreds of fragments, or a selection nested thousands deep, cannot
 * overflow the stack. This runs before the cost analysis (which does
 * recurse) so that such a document is refused for its depth first.
 */
export function measureOperation(operation: OperationDefinitionNode, fragments: Fragments): OperationShape {
  const measured = new Map<string, OperationShape>();
  for (const name of fragmentsInDependencyOrder(operation.selectionSet, fragments)) {
    measured.set(name, measureSelections(fragments.get(name)!.selectionSet, measured));
  }
  return measureSelections(operation.selectionSet, measured);
}

/**
 * The fragments reachable from `root`, each after every fragment it spreads
 * (an iterative post-order walk). Unknown fragments are left out and a
 * cycle is cut where it closes; validation refuses both anyway.
 */
function fragmentsInDependencyOrder(root: SelectionSetNode, fragments: Fragments): string[] {
  const ordered: string[] = [];
  const seen = new Set<string>();
  const stack: Array<{ name: string; pending: string[] }> = [{ name: "", pending: spreadsIn(root) }];
  while (stack.length > 0) {
    const top = stack.at(-1)!;
    const next = top.pending.pop();
    if (next === undefined) {
      stack.pop();
      if (top.name) ordered.push(top.name);
      continue;
    }
    const fragment = fragments.get(next);
    if (!fragment || seen.has(next)) continue;
    seen.add(next);
    stack.push({ name: next, pending: spreadsIn(fragment.selectionSet) });
  }
  return ordered;
}

/** Names of the fragments spread anywhere inside `root`, however deep. */
function spreadsIn(root: SelectionSetNode): string[] {
  const names: string[] = [];
  const stack = [root];
  for (let set = stack.pop(); set; set = stack.pop()) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) names.push(selection.name.value);
      else if (selection.selectionSet) stack.push(selection.selectionSet);
    }
  }
  return names;
}

/** One selection set's shape, the fragments it spreads read from `measured` (an unknown one counts nothing). */
function measureSelections(root: SelectionSetNode, measured: ReadonlyMap<string, OperationShape>): OperationShape {
  const shape = { ...none };
  // `counted` is false inside introspection: the explorers' standard query is
  // 15 deep, and it reads the schema, not the database, so it counts no depth
  // (its aliases and cost still count).
  const stack: Array<{ set: SelectionSetNode; depth: number; counted: boolean }> = [{ set: root, depth: 0, counted: true }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { depth, counted } = entry;
    for (const selection of entry.set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const inner = measured.get(selection.name.value) ?? none;
        shape.aliases += inner.aliases;
        if (counted) shape.depth = Math.max(shape.depth, depth + inner.depth);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        stack.push({ set: selection.selectionSet, depth, counted });
      } else {
        if (selection.alias) shape.aliases += 1;
        const countsHere = counted && !selection.name.value.startsWith("__");
        const fieldDepth = countsHere ? depth + 1 : depth;
        shape.depth = Math.max(shape.depth, fieldDepth);
        if (selection.selectionSet) stack.push({ set: selection.selectionSet, depth: fieldDepth, counted: countsHere });
      }
    }
  }
  return shape;
}
