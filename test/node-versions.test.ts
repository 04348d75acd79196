import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { projectRoot } from "../src/config";

type Version = [number, number, number];

/** The oldest version a semver range such as `^20.19.0 || >=22.12` admits (ranges in engines fields are lower bounds). */
function oldestAdmitted(range: string): Version {
  const floors = range.split("||").map((alternative): Version => {
    const match = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(alternative);
    return match ? [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)] : [0, 0, 0];
  });
  return floors.reduce((oldest, floor) => (compare(floor, oldest) < 0 ? floor : oldest));
}

const compare = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

const readJson = (file: string) => JSON.parse(readFileSync(path.join(projectRoot, file), "utf8"));

describe("package.json engines", () => {
  it("promises no Node older than a runtime dependency accepts", () => {
    const promised = oldestAdmitted(readJson("package.json").engines.node);
    const lock = readJson("package-lock.json") as { packages: Record<string, { dev?: boolean; engines?: { node?: string } }> };
    const tooOld = Object.entries(lock.packages)
      .filter(([name, entry]) => name !== "" && !entry.dev && entry.engines?.node)
      .filter(([, entry]) => compare(oldestAdmitted(entry.engines!.node!), promised) > 0)
      .map(([name, entry]) => `${name.replace(/^.*node_modules\//, "")} needs ${entry.engines!.node}`);
    assert.deepEqual(tooOld, []);
  });
});

describe("the Dockerfile's Node", () => {
  const read = (file: string) => readFileSync(path.join(projectRoot, file), "utf8");
  const dockerMajors = [...read("Dockerfile").matchAll(/^FROM\s+node:(\d+)/gim)].map((match) => Number(match[1]));

  it("is the major CI runs as the supported LTS, in every stage", () => {
    const [, ciMajor] = /\bnode@(\d+)\b/.exec(read(".ci/run")) ?? [];
    assert.ok(ciMajor, ".ci/run installs node@<major>");
    assert.ok(dockerMajors.length >= 2, "a build and a runtime stage on a node image");
    assert.deepEqual(new Set(dockerMajors), new Set([Number(ciMajor)]));
  });

  it("is within package.json's engines", () => {
    const [oldestMajor] = oldestAdmitted(readJson("package.json").engines.node);
    for (const major of dockerMajors) assert.ok(major >= oldestMajor, `node:${major} is older than engines allow`);
  });
});
