import { fileURLToPath } from "node:url";

/** The repository's root directory. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * The examples whose configs load a plugin, and the plugins `gymkit schema --plugin` loads (run in
 * the example's directory) to write its gymkit.schema.json: what those configs point their editor at.
 */
export const EXAMPLE_SCHEMAS: ReadonlyArray<{ readonly dir: string; readonly plugins: readonly string[] }> = [
  { dir: "examples/custom-buffer", plugins: ["./src/plugin.ts"] },
  { dir: "examples/custom-target-sync", plugins: ["./src/plugin.ts"] },
  { dir: "examples/env-plugin-gridworld", plugins: ["gymkit-gridworld"] },
];
