import { ConfigError } from "./config";
import { startupLineOf } from "./startup-error";

/**
 * Runs a process's `main`. A configuration problem is printed one line per
 * variable (`config: PORT: …`), a known start-up problem (StartupError, a
 * port in use) as its one line; anything else that stops start-up is
 * printed whole. Either way the process exits 1, so a supervisor sees the failure.
 */
export function runEntryPoint(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) console.error(`config: ${problem}`);
    } else {
      const line = startupLineOf(error);
      console.error(line === undefined ? error : `cannot start: ${line}`);
    }
    process.exit(1);
  });
}
