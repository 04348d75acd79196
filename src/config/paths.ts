import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The folder that holds package.json. Compiled code runs from dist/src and
 * sources from src/, so paths to drizzle/ or .data/ are resolved from here,
 * never from __dirname.
 */
function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot(__dirname);
