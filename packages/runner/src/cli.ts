#!/usr/bin/env node
import { VERSION } from "./version.js";

/** Entry point of the `gymkit` command. Subcommands arrive with the runner issue. */
export function main(argv: readonly string[]): number {
  if (argv.includes("--version") || argv.includes("-v")) {
    console.log(VERSION);
    return 0;
  }
  console.log(`gymkit ${VERSION}\nUsage: gymkit --version`);
  return argv.length === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
