import { type ValidationError, validate } from "class-validator";
import { BadUserInputError } from "../errors";

function firstProblem(errors: ValidationError[], parentPath = ""): { field: string; message: string } | undefined {
  for (const error of errors) {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    const message = Object.values(error.constraints ?? {})[0];
    if (message) return { field, message };
    const nested = firstProblem(error.children ?? [], field);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * Text no argument accepts: NUL and the other C0 controls except tab, line
 * feed and carriage return, DEL, and UTF-16 surrogates without their pair.
 * PostgreSQL refuses NUL in text, and the others are never what a person
 * meant to type.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds.
const invalidText = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The path (`name`, `lines.0.sku`) of the first string inside `value` that
 * holds invalid text, or undefined. Iterative and linear in the size of
 * `value`, however deeply a JSON argument nests.
 */
function invalidTextPath(value: unknown): string | undefined {
  // Most arguments are scalars (`first`, an id): no walk for them.
  if (typeof value === "string") return invalidText.test(value) ? "" : undefined;
  if (value === null || typeof value !== "object") return undefined;
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: "" }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    if (typeof entry.value === "string") {
      if (invalidText.test(entry.value)) return entry.path;
    } else if (entry.value !== null && typeof entry.value === "object" && !(entry.value instanceof Date)) {
      for (const [key, inner] of Object.entries(entry.value)) stack.push({ value: inner, path: entry.path ? `${entry.path}.${key}` : key });
    }
  }
  return undefined;
}

/**
 * Refuses, as BAD_USER_INPUT, an argument with invalid text anywhere in it,
 * before any service sees it. For a scalar argument (a number, a string, an
 * id, null) that is all of validateArgument, with no promise: resolvers
 * called without type-graphql's pipeline (executor/direct-field-resolvers.ts)
 * check their scalar arguments with it.
 */
export function validateScalarArgument(value: unknown, args: Record<string, unknown>): void {
  const path = invalidTextPath(value);
  if (path === undefined) return;
  // A scalar argument has no path of its own: it is named by the argument it is.
  const field = path || Object.keys(args).find((name) => args[name] === value) || "argument";
  throw new BadUserInputError(field, `${field} contains a control character (such as NUL) or an unpaired surrogate.`);
}


/**
 * type-graphql's `validateFn`, called for every argument of every resolver:
 * refuses invalid text (see invalidText), then runs an input class's
 * class-validator rules and reports the first failure as BAD_USER_INPUT
 * naming its field.
 */
export async function validateArgument(value: unknown, _type: unknown, { args }: { args: Record<string, unknown> }): Promise<void> {
  validateScalarArgument(value, args);
  if (value === null || typeof value !== "object" || value instanceof Date) return;
  const values = Array.isArray(value) ? value : [value];
  for (const item of values) {
    if (item === null || typeof item !== "object") continue;
    const problem = firstProblem(await validate(item, { forbidUnknownValues: false }));
    if (problem) throw new BadUserInputError(problem.field, problem.message);
  }
}
