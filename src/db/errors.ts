/** The pg error behind a failed query; drizzle wraps it as `cause`. */
function pgErrorOf(error: unknown): { code?: string; constraint?: string } | undefined {
  for (let current = error; current && typeof current === "object"; current = (current as { cause?: unknown }).cause) {
    if ("code" in current && typeof current.code === "string") return current as { code: string; constraint?: string };
  }
  return undefined;
}

/** True when `error` is a unique violation of `constraint` (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const pgError = pgErrorOf(error);
  return pgError?.code === "23505" && pgError.constraint === constraint;
}
