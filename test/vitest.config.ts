import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Repository-wide checks, run once at the root by turbo's `//#test:arch` task (they read every
 * package, so they belong to none of them). The JSON report joins `npm test`'s summary line.
 */
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".vitest/results.json" },
    testTimeout: 30_000,
  },
});
