import { readFileSync } from "node:fs";
import { Registry } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import classicControl, { PendulumVector } from "../src/index.js";

/**
 * The README's snippets, run as written (each code block is a module: its imports are stripped and
 * the names they bring are passed in), so the documentation cannot drift from the package. The
 * runner's guide test type-checks the same blocks.
 */
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe("README snippets", () => {
  it("has the import block, one snippet per env and the vector one", () => {
    expect(blocks).toHaveLength(6);
  });

  it.each(blocks.slice(1).map((b, i) => [i + 1, b] as const))("snippet %i runs", (_i, code) => {
    // TypeScript to JavaScript by hand: no imports, no type arguments, no `!`.
    const js = code
      .replace(/^import .*$/gm, "")
      .replace(/<Env<Float32Array, Float32Array>>/g, "")
      .replace(/\]!/g, "]");
    const run = new Function("Registry", "classicControl", "PendulumVector", "console", js);
    expect(() => run(Registry, classicControl, PendulumVector, { log: () => {} })).not.toThrow();
  });
});
