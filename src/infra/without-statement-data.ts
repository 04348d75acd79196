import { DrizzleQueryError } from "drizzle-orm/errors";
import { DatabaseError } from "pg";

const statementErrorFields = ["code", "severity", "constraint", "table", "column", "schema", "routine"] as const;

/**
 * `error` without the data of the statement that failed, for logs and
 * development responses. drizzle's DrizzleQueryError carries the SQL and its
 * parameters (signUp's password hash among them) in its message and fields,
 * and PostgreSQL's `detail` quotes row values; what is kept is PostgreSQL's
 * message, the fields above and the stack frames. Any other error is
 * returned as it is.
 */
export function withoutStatementData(error: unknown): unknown {
  if (!(error instanceof DrizzleQueryError) && !(error instanceof DatabaseError)) return error;
  const pgError = error instanceof DatabaseError ? error : error.cause;
  const safe = Object.assign(new Error(pgError instanceof Error ? pgError.message : "Database statement failed"), { name: "DatabaseStatementError" });
  for (const field of statementErrorFields) {
    const value = pgError instanceof DatabaseError ? pgError[field] : undefined;
    if (value !== undefined) Object.assign(safe, { [field]: value });
  }
  const frames = (error.stack ?? "").split("\n").filter((line) => line.startsWith("    at "));
  safe.stack = [`${safe.name}: ${safe.message}`, ...frames].join("\n");
  return safe;
}
