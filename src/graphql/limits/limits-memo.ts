import { type DocumentNode, Kind, type OperationDefinitionNode, type TypeNode } from "graphql";
import { type OperationLimits, type OperationToCheck, checkOperationLimits } from "./operation-limits";

/** Variable sets remembered per operation; past this the oldest is forgotten. */
const variableSetsPerOperation = 32;
/** Variables longer than this (as JSON) are checked every time, not remembered. */
const maxRememberedVariablesChars = 1_024;

/**
 * The variables that can change an operation's cost: `first` (an Int) and
 * the conditions of @skip and @include (Booleans). Others, such as the ids
 * a mutation names, cannot, so the operation's cost is remembered once for
 * all of them rather than once per id.
 */
function costVariablesOf(operation: OperationDefinitionNode): string[] {
  const named = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : named(type.type));
  return (operation.variableDefinitions ?? []).filter((definition) => ["Int", "Boolean"].includes(named(definition.type))).map((definition) => definition.variable.name.value);
}

/**
 * The values of `names` in `variables` as one string, an absent variable
 * (its default applies) written apart from null (no default applies):
 * `[v]` when sent, `0` when not. Own properties only, so a variable named
 * `__proto__` or `constructor` reads what the client sent, not Object's.
 */
function costVariablesKey(names: readonly string[], variables: Record<string, unknown>): string {
  return JSON.stringify(names.map((name) => (Object.hasOwn(variables, name) ? [variables[name]] : 0)));
}

export interface MemoizedOperationLimits {
  (checked: OperationToCheck): number | undefined;
  /** Costs remembered for `document`, all its operations together: at most variableSetsPerOperation. */
  rememberedFor(document: DocumentNode): number;
}

/**
 * checkOperationLimits, remembered per document, operation and the
 * variables that feed the cost (see costVariablesOf). Apollo keeps one parsed
 * DocumentNode per query text, so a repeated query is walked once; the
 * memory goes when Apollo evicts the document. Only accepted operations with
 * valid variables are remembered: a refusal is rare and re-checked, so its
 * error is always new.
 */
export function memoizedOperationLimits(limits: OperationLimits): MemoizedOperationLimits {
  const byDocument = new WeakMap<DocumentNode, Map<string, number | undefined>>();
  const costVariables = new WeakMap<OperationDefinitionNode, string[]>();
  const check = (checked: OperationToCheck): number | undefined => {
    let names = costVariables.get(checked.operation);
    if (!names) costVariables.set(checked.operation, (names = costVariablesOf(checked.operation)));
    const variables = names.length > 0 && checked.variables ? costVariablesKey(names, checked.variables) : "";
    if (variables.length > maxRememberedVariablesChars) return checkOperationLimits(checked, limits);
    let remembered = byDocument.get(checked.document);
    if (!remembered) byDocument.set(checked.document, (remembered = new Map()));
    const key = `${checked.operation.name?.value ?? ""}\n${variables}`;
    if (remembered.has(key)) return remembered.get(key);
    const cost = checkOperationLimits(checked, limits);
    // Invalid variables (undefined) are not remembered: the key leaves some variables out, and the next call's may be valid.
    if (cost === undefined) return cost;
    if (remembered.size >= variableSetsPerOperation) remembered.delete(remembered.keys().next().value!);
    remembered.set(key, cost);
    return cost;
  };
  return Object.assign(check, { rememberedFor: (document: DocumentNode) => byDocument.get(document)?.size ?? 0 });
}
