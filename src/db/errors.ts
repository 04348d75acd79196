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

// SQLSTATE classes and socket errors that mean "the server is not there",
// as opposed to "this statement is wrong": 08 connection exception,
// 57P01-57P03 shutdown / cannot connect now, 53300 too many connections,
// 25006 read-only transaction: a primary's statement reached a standby (a
// demoted server, or one not yet promoted, behind the primary's address).
const unavailableStates = /^(08|57P0[123]|53300|25006)/;
const unavailableSocketCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EPIPE"]);
// "Query read timeout": no reply within DB_QUERY_TIMEOUT_MS (a partition, a frozen host). "Not queryable":
// a pooled client whose server died (a failover) before the pool saw its socket close.
const unavailableMessages = /connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable/i;

/** True when `error` means the database could not be reached, not that a statement failed. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error; current && typeof current === "object"; current = (current as { cause?: unknown }).cause) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === "string" && (unavailableSocketCodes.has(code) || unavailableStates.test(code))) return true;
    if (typeof message === "string" && unavailableMessages.test(message)) return true;
  }
  return false;
}

/** What a failed statement's error may keep: enough to find the fault, none of the statement's data. */
