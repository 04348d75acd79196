import { writeFileSync } from "node:fs";
import path from "node:path";
import { type Run } from "../measure";
import { type QueryName } from "../queries";
import { formatTopFunctions, readProfileOf, topFunctions } from "./top-functions";

/**
 * Skein's top functions by self time, one table per query, from the
 * samples taken while that query was measured on Skein; printed and written
 * next to the profile as top-functions.md.
 */
export function printSkeinProfile(dir: string, pid: number, runs: Run[], queries: QueryName[], root: string, limit: number): void {
  const profile = readProfileOf(dir, pid);
  const sections = queries.map((query) => {
    const windows = runs.filter((run) => run.contender === "skein" && run.query === query).map((run) => run.window);
    return `Skein, ${query} query: top ${limit} functions by self time while it was measured\n\n${formatTopFunctions(topFunctions(profile, root, limit, windows))}`;
  });
  const text = sections.join("\n\n");
  writeFileSync(path.join(dir, "top-functions.md"), `${text}\n`);
  console.log(`\n${text}\n\nprofile and tables in ${path.relative(process.cwd(), dir)}`);
}
