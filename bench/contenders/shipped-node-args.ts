import { readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../../src/config";

/**
 * The flags `npm start` gives node (package.json's start script: Skein's
 * shipped command, which the Dockerfile's NODE_OPTIONS repeats). Every
 * contender runs with them, so a runtime setting Skein ships counts for
 * the baseline and Mercurius too, not as Skein's own speed.
 */
export function shippedNodeArgs(): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { scripts: { start: string } };
  // `exec` only makes npm's shell hand its process to node, so SIGTERM reaches it.
  const [program, ...words] = scripts.start.trim().replace(/^exec\s+/, "").split(/\s+/);
  if (program !== "node") throw new Error(`package.json's start script does not run node: "${scripts.start}"`);
  const script = words.findIndex((word) => !word.startsWith("--"));
  return words.slice(0, script === -1 ? words.length : script);
}
