import { writeFileSync } from "node:fs";
import path from "node:path";
import { type ContenderName } from "../contenders";
import { type Run } from "../measure";
import { type QueryName } from "../queries";
import { formatTopFunctions, readProfileOf, topFunctions } from "./top-functions";

/** A profiled Skein of the run: Skein itself, or Skein B of an A/B run, whose profile is the "before". */
export interface ProfiledSkein {
  name: Extract<ContenderName, "skein" | "skein-b">;
  label: string;
  pid: number;
}

/**
 * Each profiled Skein's top functions by self time, one table per query, from
 * the samples taken while that query was measured on it; printed and written
 * next to the profiles as top-functions.md.
 */
export function printSkeinProfiles(dir: string, skeins: ProfiledSkein[], runs: Run[], queries: QueryName[], root: string, limit: number): void {
  const sections = skeins.flatMap(({ name, label, pid }) => {
    const profile = readProfileOf(dir, pid);
    return queries.map((query) => {
      const windows = runs.filter((run) => run.contender === name && run.query === query).map((run) => run.window);
      return `${label}, ${query} query: top ${limit} functions by self time while it was measured\n\n${formatTopFunctions(topFunctions(profile, root, limit, windows))}`;
    });
  });
  const text = sections.join("\n\n");
  writeFileSync(path.join(dir, "top-functions.md"), `${text}\n`);
  console.log(`\n${text}\n\nprofile and tables in ${path.relative(process.cwd(), dir)}`);
}
