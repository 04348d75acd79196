import { type CodegenConfig } from "@graphql-codegen/cli";

// Typed documents for the operations the tests send: `graphql(`...`)` in a
// test returns a TypedDocumentNode whose result and variables are checked by tsc.
const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["test/**/*.ts", "bench/**/*.ts", "!test/__generated__/**"],
  ignoreNoDocuments: true,
  generates: {
    "test/__generated__/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: "string", JSON: "unknown", ID: "string" } },
    },
  },
};

export default config;
