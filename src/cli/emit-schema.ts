import "reflect-metadata";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../config";
import { printAppSchema } from "../graphql/print-schema";
import { featureResolvers } from "../features";
import { buildAppSchema } from "../graphql/schema";
import { runEntryPoint } from "../config/run-entry-point";

/** `npm run schema`: writes schema.graphql from the resolver classes. */
async function main(): Promise<void> {
  const target = path.join(projectRoot, "schema.graphql");
  writeFileSync(target, printAppSchema(await buildAppSchema(featureResolvers)));
  console.log(`wrote ${path.relative(process.cwd(), target) || target}`);
}

runEntryPoint(main);
