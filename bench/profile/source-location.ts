import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";

/**
 * Where a profiled function lives, as its reader would look for it: the
 * project's compiled files (dist/) are mapped back to their .ts source
 * through tsc's source maps; a dependency is named from its package.
 */
export class SourceLocations {
  private readonly maps = new Map<string, SourceMap | null>();

  constructor(private readonly root: string) {}

  /** `lineNumber` and `columnNumber` are 0-based, as in a .cpuprofile; the answer's line is 1-based. */
  of(url: string, lineNumber: number, columnNumber: number): string {
    const file = url.replace(/^file:\/\//, "");
    const modules = file.lastIndexOf("/node_modules/");
    if (modules >= 0) return `${file.slice(modules + "/node_modules/".length)}:${lineNumber + 1}`;
    const entry = this.mapOf(file)?.findEntry(lineNumber, columnNumber);
    if (entry && "originalSource" in entry) {
      return `${path.relative(this.root, path.resolve(path.dirname(file), entry.originalSource))}:${entry.originalLine + 1}`;
    }
    return `${file.startsWith(this.root) ? path.relative(this.root, file) : file}:${lineNumber + 1}`;
  }

  private mapOf(file: string): SourceMap | null {
    if (!this.maps.has(file)) {
      const mapFile = `${file}.map`;
      const inProject = file.startsWith(path.join(this.root, "dist") + path.sep);
      this.maps.set(file, inProject && existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, "utf8"))) : null);
    }
    return this.maps.get(file)!;
  }
}
