/** `npm run docs:config`: writes docs/config-reference.md from the registered parts' schemas. */
import { writeFileSync } from "node:fs";
import { renderConfigReference } from "@gymkit/core";
import { builtinRegistry } from "../src/registry.js";

const target = new URL("../../../docs/config-reference.md", import.meta.url);
writeFileSync(target, renderConfigReference(builtinRegistry()));
console.log(`wrote ${target.pathname}`);
