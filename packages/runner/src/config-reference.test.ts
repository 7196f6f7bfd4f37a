import { readFileSync } from "node:fs";
import { renderConfigReference } from "@gymkit/core";
import { expect, it } from "vitest";
import { experimentFileSchema } from "./inspect.js";
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

it("docs/gymkit.schema.json is the experiment file's JSON Schema for the built-in plugins", () => {
  const doc = readFileSync(new URL("../../../docs/gymkit.schema.json", import.meta.url), "utf8");
  const schema = experimentFileSchema(builtinRegistry().jsonSchema());
  expect(JSON.parse(doc)).toEqual(schema);
  // An editor completes agent kinds and the runner's fields from it.
  expect(JSON.stringify(schema.properties?.agent)).toContain('"const":"qlearning"');
  expect(Object.keys(schema.properties ?? {})).toEqual(
    expect.arrayContaining(["seeds", "variants", "checkpoint", "backend"]),
  );
});
