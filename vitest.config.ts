import { defineConfig } from "vitest/config";

/** Root config for editors and `npx vitest`: every workspace is a project. */
export default defineConfig({
  test: { projects: ["packages/*", "examples/*"] },
});
