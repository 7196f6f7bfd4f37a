import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type JsonSchema, renderConfigReference } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { EXAMPLE_SCHEMAS, repoRoot } from "../test/example-schemas.js";
import { schemaText } from "./inspect.js";
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

it("docs/gymkit.schema.json is what gymkit schema prints for the built-in plugins (npm run docs:config)", async () => {
  const doc = readFileSync(join(repoRoot, "docs/gymkit.schema.json"), "utf8");
  expect(doc).toBe(`${await schemaText([], repoRoot)}\n`);
  // An editor completes agent kinds and the runner's fields from it.
  const schema = JSON.parse(doc) as JsonSchema & { $defs: Record<string, JsonSchema> };
  expect(JSON.stringify(schema.$defs.agent)).toContain('"const":"qlearning"');
  expect(Object.keys(schema.properties ?? {})).toEqual(
    expect.arrayContaining([
      "env",
      "agent",
      "loggers",
      "budget",
      "seeds",
      "variants",
      "checkpoint",
      "backend",
    ]),
  );
});

describe("an example that loads a plugin has the schema gymkit schema --plugin prints there, and its configs point at it", () => {
  for (const { dir, plugins } of EXAMPLE_SCHEMAS) {
    it(`${dir} (--plugin ${plugins.join(" ")})`, async () => {
      const doc = readFileSync(join(repoRoot, dir, "gymkit.schema.json"), "utf8");
      expect(doc).toBe(`${await schemaText(plugins, join(repoRoot, dir))}\n`);
      const configs = readdirSync(join(repoRoot, dir)).filter((f) => /\.ya?ml$/.test(f));
      expect(configs.length).toBeGreaterThan(0);
      for (const config of configs) {
        expect(readFileSync(join(repoRoot, dir, config), "utf8")).toMatch(
          /^# yaml-language-server: \$schema=\.\/gymkit\.schema\.json$/m,
        );
      }
    });
  }
});
