// @ts-check
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "drizzle/", "test/__generated__/", ".data/"] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // type-graphql reads parameter types from decorator metadata: an import
    // used only in a decorated signature is still needed at run time.
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": ["error", { allow: ["error"] }],
      eqeqeq: ["error", "always"],
    },
  },
  { files: ["bench/**", "src/cli/**"], rules: { "no-console": "off" } },
);
