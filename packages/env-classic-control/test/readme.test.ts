import { readFileSync } from "node:fs";
import { Registry } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import classicControl, { PendulumVector } from "../src/index.js";

/**
 * The README's snippets, run as written (the code blocks are extracted and evaluated with the
 * names they use in scope), so the documentation cannot drift from the package.
 */
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe("README snippets", () => {
  it("has the import block, one snippet per env and the vector one", () => {
    expect(blocks).toHaveLength(6);
  });

  it.each(blocks.slice(1).map((b, i) => [i + 1, b] as const))("snippet %i runs", (_i, code) => {
    const registry = new Registry().use(classicControl);
    // The blocks are TypeScript; strip the type arguments and `!`s they use, and the import line.
    const js = code
      .replace(/^import .*$/gm, "")
      .replace(/<Env<Float32Array, Float32Array>>/g, "")
      .replace(/\]!/g, "]");
    const run = new Function(
      "registry",
      "PendulumVector",
      `${js}\nreturn typeof observation === "undefined" ? undefined : observation;`,
    );
    expect(() => run(registry, PendulumVector)).not.toThrow();
  });
});
