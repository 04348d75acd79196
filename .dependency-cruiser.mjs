/**
 * The layering rules (README, ARCHITECTURE): the core knows no feature, the
 * database code knows no GraphQL, the config knows nothing but itself,
 * features do not go round in circles.
 * `npm run depcheck` runs them; .ci/run fails the build on any violation.
 */
const core = "^src/(config|db|errors|graphql|http|identity|infra|cluster)/";
const compositionRoot = "^src/(app|features|tables|main|worker)[.]ts$|^src/cli/";

export default {
  forbidden: [
    {
      name: "core-knows-no-feature",
      comment: "A core folder imports a feature: the feature plugs in through its module object (src/features.ts) instead.",
      severity: "error",
      from: { path: core },
      to: { path: "^src/modules/" },
    },
    {
      name: "db-knows-no-graphql",
      comment: "Paging SQL and page types live with the database code; GraphQL builds on them, not the other way.",
      severity: "error",
      from: { path: "^src/db/" },
      to: { path: "^src/graphql/" },
    },
    {
      name: "config-is-the-bottom-layer",
      comment: "The config parses the environment and knows nothing else, so every part (a feature's section too) can read it.",
      severity: "error",
      from: { path: "^src/config/" },
      to: { path: "^src/", pathNot: "^src/config/" },
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
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "[.]test[.]ts$" },
  },
};
