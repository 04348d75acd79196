import { type ValidationError, validate } from "class-validator";
import { BadUserInputError } from "./errors";

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
 * type-graphql's `validateFn`: runs an input class's class-validator rules
 * and reports the first failure as BAD_USER_INPUT naming its field.
 */
export async function validateArgument(value: unknown): Promise<void> {
  if (value === null || typeof value !== "object" || value instanceof Date) return;
  const values = Array.isArray(value) ? value : [value];
  for (const item of values) {
    if (item === null || typeof item !== "object") continue;
    const problem = firstProblem(await validate(item, { forbidUnknownValues: false }));
    if (problem) throw new BadUserInputError(problem.field, problem.message);
  }
}
