import { defineConfig } from "drizzle-kit";

// Generating migrations needs no database; applying them is `npm run db:migrate`.
// Every feature keeps its tables in its own folder (<x>.table.ts): a new
// feature's tables are found without a list to add them to.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/modules/*/*.table.ts",
  out: "./drizzle",
});
