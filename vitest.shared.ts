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
    // No test may depend on wall time: on a busy 2-core machine a 2 s property test took 30 s.
    // The limits only catch a hang; what tests assert never involves the clock.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
