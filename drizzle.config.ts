import { defineConfig } from "drizzle-kit";

// Generating migrations needs no database; applying them is `npm run db:migrate`.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./drizzle",
});
