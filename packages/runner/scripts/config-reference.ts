/**
 * `npm run docs:config`: writes docs/config-reference.md, docs/gymkit.schema.json (the JSON Schema
 * YAML editors use: `# yaml-language-server: $schema=...`) and, in each example that loads a
 * plugin, the gymkit.schema.json that `gymkit schema --plugin ...` prints there.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderConfigReference } from "@gymkit/core";
import { schemaText } from "../src/inspect.js";
import { builtinRegistry } from "../src/registry.js";
import { EXAMPLE_SCHEMAS, repoRoot } from "../test/example-schemas.js";

const reference = join(repoRoot, "docs/config-reference.md");
writeFileSync(reference, renderConfigReference(builtinRegistry()));
const written = [reference];
for (const { dir, plugins } of [{ dir: "docs", plugins: [] }, ...EXAMPLE_SCHEMAS]) {
  const path = join(repoRoot, dir, "gymkit.schema.json");
  writeFileSync(path, `${await schemaText(plugins, join(repoRoot, dir))}\n`);
  written.push(path);
}
console.log(`wrote ${written.join(", ")}`);
