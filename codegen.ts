import { type CodegenConfig } from "@graphql-codegen/cli";

// Typed documents for the operations the tests send: `graphql(`...`)` in a
// test returns a TypedDocumentNode whose result and variables are checked by tsc.
// `persistedDocuments` also writes persisted-documents.json, the manifest of
// every such document (SHA-256 of its printed text -> text) that
// TRUSTED_DOCUMENTS loads, and puts each one's hash in its `__meta__.hash`.
const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["test/**/*.ts", "bench/**/*.ts", "!test/__generated__/**"],
  ignoreNoDocuments: true,
  generates: {
    "test/__generated__/": {
      preset: "client",
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: "sha256" } },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: "string", JSON: "unknown", ID: "string" } },
    },
  },
};

export default config;
