/**
 * The layering rules (README, ARCHITECTURE): the core folders stand in one
 * order and each imports only those below it, the core knows no feature,
 * the config knows nothing but itself, features do not go round in circles.
 * `npm run depcheck` runs them; .ci/run fails the build on any violation.
 */
const core = "^src/(config|errors|infra|db|identity|graphql|transports|cluster)/";
const compositionRoot = "^src/(app|features|tables|main|worker)[.]ts$|^src/cli/";

/**
 * The core folders from the bottom up. A folder may import the folders
 * before it, never one after it: the errors know only the config, the
 * database code no GraphQL, GraphQL no transport. cluster (the primary
 * process of --workers) stands beside the transports: it builds on infra only.
 */
const coreOrder = ["config", "errors", "infra", "db", "identity", "graphql", "transports"];

const coreOrderRules = coreOrder.slice(0, -1).map((folder, index) => ({
  name: `${folder}-imports-nothing-above-it`,
  comment: `${folder}/ imports a core folder above it (${coreOrder.slice(index + 1).join(", ")}): move the shared piece down, or pass it in from above.`,
  severity: "error",
  from: { path: `^src/${folder}/` },
  to: { path: `^src/(${[...coreOrder.slice(index + 1), "cluster"].join("|")})/` },
}));

export default {
  forbidden: [
    {
      name: "core-knows-no-feature",
      comment: "A core folder imports a feature: the feature plugs in through its module object (src/features.ts) instead.",
      severity: "error",
      from: { path: core },
      to: { path: "^src/modules/" },
    },
    ...coreOrderRules,
    {
      name: "transports-and-cluster-stay-apart",
      comment: "The transports serve requests; cluster/ supervises processes. Neither needs the other.",
      severity: "error",
      from: { path: "^src/(transports|cluster)/" },
      to: { path: "^src/(transports|cluster)/", pathNot: "^src/$1/" },
    },
    {
      name: "feature-config-sections-stay-declarative",
      comment: "A feature's <x>.config.ts declares variables and builds settings from them: it imports only the config, so loading the config starts nothing.",
      severity: "error",
      from: { path: "^src/modules/[^/]+/[^/]+[.]config[.]ts$" },
      to: { path: "^src/", pathNot: "^src/config/" },
    },
    {
      name: "nothing-imports-the-composition-root",
      comment: "Only process entries and the CLI import the composition root.",
      severity: "error",
      from: { path: "^src/", pathNot: compositionRoot },
      to: { path: compositionRoot },
    },
    {
      name: "no-feature-cycles",
      comment: "Features may build on one another, one way only.",
      severity: "error",
      scope: "folder",
      from: { path: "^src/modules/" },
      to: { path: "^src/modules/", circular: true },
    },
    {
      name: "no-circular",
      comment: "No file loads itself through others (an import of types only loads nothing).",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "no-folder-cycles",
      comment: "No folder imports one that imports it back, not even for types: a cycle of types is a concern with two homes.",
      severity: "error",
      scope: "folder",
      from: { path: "^src/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "[.]test[.]ts$" },
  },
};
