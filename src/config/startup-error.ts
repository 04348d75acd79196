/**
 * A start-up problem the operator fixes outside the code (a database that
 * is not there, a port in use): its message is the one line printed, and
 * the process exits 1, so a supervisor sees the failure.
 */
export class StartupError extends Error {
  override readonly name = "StartupError";
}

type ListenError = NodeJS.ErrnoException & { address?: string; port?: number };

/** A listen() failure as one line naming the variable to change; undefined for any other error. */
function listenProblem(error: ListenError): string | undefined {
  if (error.syscall !== "listen") return undefined;
  const where = `${error.address ?? "?"}:${error.port ?? "?"}`;
  if (error.code === "EADDRINUSE") return `PORT: ${where} is in use by another process; stop it or set another PORT`;
  if (error.code === "EACCES") return `PORT: this user may not listen on ${where} (ports under 1024 need privileges); set another PORT`;
  if (error.code === "EADDRNOTAVAIL") return `HOST: ${error.address ?? "?"} is not an address of this machine; set another HOST`;
  return undefined;
}

/** The one line to print for a start-up failure, or undefined when it is unexpected (then the whole error is printed). */
export function startupLineOf(error: unknown): string | undefined {
  if (error instanceof StartupError) return error.message;
  return error instanceof Error ? listenProblem(error as ListenError) : undefined;
}
