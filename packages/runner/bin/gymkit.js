#!/usr/bin/env node
// The `gymkit` bin. In a published package it runs the built CLI (dist/); in this repository's
// checkout (src/ present, right after `npm ci`, no build) it runs the TypeScript sources with
// tsx, resolving @gymkit/* packages to their sources. Works behind npm's .bin symlink (the real
// path is resolved). Signals are passed on, so Ctrl-C checkpoints the runs before exiting.
import { spawn } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = dirname(dirname(realpathSync(fileURLToPath(import.meta.url))));
const source = join(root, "src", "bin.ts");
if (existsSync(source)) {
  // tsx as resolved from here, not from the working directory (which may be any project).
  const tsx = import.meta.resolve("tsx");
  const child = spawn(
    process.execPath,
    ["--conditions=@gymkit/source", "--import", tsx, source, ...process.argv.slice(2)],
    { stdio: "inherit" },
  );
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 143)));
} else {
  await import(pathToFileURL(join(root, "dist", "bin.js")).href);
}
