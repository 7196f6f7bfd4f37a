/**
 * `npm run docs:config`: writes docs/config-reference.md and docs/gymkit.schema.json (the JSON
 * Schema YAML editors use: `# yaml-language-server: $schema=...`) from the registered parts.
 */
import { writeFileSync } from "node:fs";
import { renderConfigReference } from "@gymkit/core";
import { experimentFileSchema } from "../src/inspect.js";
import { builtinRegistry } from "../src/registry.js";

const registry = builtinRegistry();
const reference = new URL("../../../docs/config-reference.md", import.meta.url);
writeFileSync(reference, renderConfigReference(registry));
const schema = new URL("../../../docs/gymkit.schema.json", import.meta.url);
writeFileSync(schema, `${JSON.stringify(experimentFileSchema(registry.jsonSchema()), null, 2)}\n`);
console.log(`wrote ${reference.pathname} and ${schema.pathname}`);
