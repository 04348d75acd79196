import { type DocumentNode, Kind, type OperationDefinitionNode, visit } from "graphql";

/**
 * Names graphql-jit's generated code reads off plain objects: an alias or a
 * variable spelled like one (`__proto__`, `constructor`, `toString`) meets
 * Object.prototype's member there instead of the client's value, and the
 * answer differs from graphql-js's (a 500, "[object Object]").
 */
const sharesObjectMemberName = (name: string): boolean => name in Object.prototype;

/**
 * Whether graphql-jit cannot answer `document` as graphql-js would, so it
 * runs on graphql-js's execute instead: a response key (an alias or a field
 * name) or a variable named like one of Object.prototype's members. Walks
 * the whole document once; the executor remembers the answer per document.
 */
export function documentNeedsGraphQLJs(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(field) {
      if (sharesObjectMemberName(field.alias?.value ?? field.name.value)) found = true;
    },
    Variable(variable) {
      if (sharesObjectMemberName(variable.name.value)) found = true;
    },
  });
  return found;
}

/**
 * Whether a request sends null for a nullable variable that has a default:
 * graphql-js then passes null (no default), which a non-null position such
 * as `@skip(if: $s)` refuses, and graphql-jit does not follow it there.
 */
export function sendsNullForDefault(operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>> | undefined): boolean {
  if (!variables) return false;
  return (operation.variableDefinitions ?? []).some(
    ({ variable, type, defaultValue }) =>
      defaultValue !== undefined && type.kind !== Kind.NON_NULL_TYPE && Object.hasOwn(variables, variable.name.value) && variables[variable.name.value] === null,
  );
}
