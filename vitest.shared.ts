import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

/**
 * Shared vitest settings. Workspace packages resolve to their TypeScript sources through the
 * `@gymkit/source` export condition, so tests never need a build first.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ["@gymkit/source", ...defaultServerConditions] },
  ssr: { resolve: { conditions: ["@gymkit/source", ...defaultServerConditions] } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".vitest/results.json" },
    testTimeout: 30_000,
  },
});
