import { ConfigError } from "./config";

/**
 * Runs a process's `main`. A configuration problem is printed one line per
 * variable (`config: PORT: …`); anything else that stops start-up is printed
 * whole. Either way the process exits 1, so a supervisor sees the failure.
 */
export function runEntryPoint(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) console.error(`config: ${problem}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  });
}
