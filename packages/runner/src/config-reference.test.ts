import { readFileSync } from "node:fs";
import { renderConfigReference } from "@gymkit/core";
import { expect, it } from "vitest";
import { builtinRegistry } from "./registry.js";

it("docs/config-reference.md is what the registered schemas generate (npm run docs:config)", () => {
  const doc = readFileSync(new URL("../../../docs/config-reference.md", import.meta.url), "utf8");
  const generated = renderConfigReference(builtinRegistry());
  expect(doc).toBe(generated);
  // The generated reference covers every registered id and every option of the dqn agent.
  for (const id of [
    "CartPole-v1",
    "uniform",
    "prioritized",
    "online",
    "hard",
    "soft",
    "none",
    "linear",
    "dqn",
    "qlearning",
  ]) {
    expect(generated).toContain(`#### \`${id}\``);
  }
  for (const option of [
    "hidden",
    "lr",
    "batchSize",
    "learningStarts",
    "doubleDqn",
    "buffer",
    "targetSync",
    "epsilon",
  ]) {
    expect(generated).toContain(`| \`${option}\` |`);
  }
});
