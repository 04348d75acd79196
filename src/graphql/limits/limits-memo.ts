import { type DocumentNode } from "graphql";
import { type OperationLimits, type OperationToCheck, checkOperationLimits } from "./operation-limits";

/** Variable sets remembered per operation; past this the oldest is forgotten. */
const variableSetsPerOperation = 32;
/** Variables longer than this (as JSON) are checked every time, not remembered. */
const maxRememberedVariablesChars = 1_024;

/**
 * checkOperationLimits, remembered per document, operation and variables
 * (variables feed `first`, hence the cost). Apollo keeps one parsed
 * DocumentNode per query text, so a repeated query is walked once; the
 * memory goes when Apollo evicts the document. Only accepted operations are
 * remembered: a refusal is rare and re-checked, so its error is always new.
 */
export function memoizedOperationLimits(limits: OperationLimits): (checked: OperationToCheck) => number | undefined {
  const byDocument = new WeakMap<DocumentNode, Map<string, number | undefined>>();
  return (checked) => {
    const variables = checked.variables ? JSON.stringify(checked.variables) : "";
    if (variables.length > maxRememberedVariablesChars) return checkOperationLimits(checked, limits);
    let remembered = byDocument.get(checked.document);
    if (!remembered) byDocument.set(checked.document, (remembered = new Map()));
    const key = `${checked.operation.name?.value ?? ""}\n${variables}`;
    if (remembered.has(key)) return remembered.get(key);
    const cost = checkOperationLimits(checked, limits);
    if (remembered.size >= variableSetsPerOperation) remembered.delete(remembered.keys().next().value!);
    remembered.set(key, cost);
    return cost;
  };
}
