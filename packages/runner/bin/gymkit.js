#!/usr/bin/env node
// The `gymkit` bin. In a published package it runs the built CLI (dist/); in this repository's
// checkout (src/ present, right after `npm ci`, no build) it runs the TypeScript sources with
// tsx, resolving @gymkit/* packages to their sources. Either way in this one process: the loader
// and the export condition are registered in process (module.register), so a signal or a kill
// reaches the process that trains, and nothing is left running when it is killed. Works behind
// npm's .bin symlink (the real path is resolved).
import { existsSync, realpathSync } from "node:fs";
import { register } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = dirname(dirname(realpathSync(fileURLToPath(import.meta.url))));
const source = join(root, "src", "bin.ts");
if (existsSync(source)) {
  // Registered first, so tsx's hooks (registered next, run first) pass the condition on.
  register("./source-conditions.mjs", import.meta.url);
  // tsx as resolved from here, not from the working directory (which may be any project).
  const { register: registerTsx } = await import(import.meta.resolve("tsx/esm/api"));
  registerTsx();
  await import(pathToFileURL(source).href);
} else {
  await import(pathToFileURL(join(root, "dist", "bin.js")).href);
}
