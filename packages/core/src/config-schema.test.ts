/**
 * The config's JSON Schema beyond the built-in plugins (the runner's schema-agreement test checks
 * it against `gymkit` with ajv): empty registries, parts that take parts of their own slot, ids
 * that need escaping in a `$ref`, envs without an options schema, module-prefixed env ids.
 */
import { describe, expect, it } from "vitest";
import { ChainEnv } from "../test/chain-env.js";
import { Registry } from "./registry.js";
import { type JsonSchema, z } from "./schema.js";

type WithDefs = JsonSchema & { $defs: Record<string, JsonSchema> };

/** Every `$ref` in `schema`, and what it points at (a JSON Pointer in a URI fragment). */
function refs(schema: WithDefs): Array<[string, unknown]> {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) k === "$ref" ? found.push(v as string) : walk(v);
    }
  };
  walk(schema);
  return found.map((ref) => {
    const tokens = ref.replace(/^#\//, "").split("/");
    let target: unknown = schema;
    for (const token of tokens) {
      const key = decodeURIComponent(token).replaceAll("~1", "/").replaceAll("~0", "~");
      target = (target as Record<string, unknown> | undefined)?.[key];
    }
    return [ref, target];
  });
}

describe("registry.jsonSchema()", () => {
  it("with nothing registered, refuses any env and agent, as resolve does", () => {
    const schema = new Registry().jsonSchema() as WithDefs;
    expect(schema.$defs.env).toEqual({ description: "No environment is registered.", not: {} });
    expect(schema.$defs.agent).toEqual({ description: "No agent is registered.", not: {} });
    expect(schema.required).toEqual(["env", "agent", "budget"]);
  });

  it("a part taking a part of its own slot, and ids with / and ~, give $refs that all resolve", () => {
    const registry = new Registry();
    const schedule = { create: () => ({ value: () => 0 }) };
    registry.add({
      slot: "schedule",
      id: "flat/~1",
      options: z.strictObject({ v: z.number().default(0) }),
      ...schedule,
    });
    registry.add({
      slot: "schedule",
      id: "sum",
      options: z.strictObject({}),
      needs: { inner: { slot: "schedule", default: { kind: "flat/~1" } } },
      ...schedule,
    });
    registry.add({
      slot: "agent",
      id: "a",
      options: z.strictObject({}),
      needs: { eps: { slot: "schedule", default: { kind: "sum" } } },
      create: () => {
        throw new Error("not built here");
      },
    });
    const schema = registry.jsonSchema({ overlays: { key: "variants" } }) as WithDefs;
    const all = refs(schema);
    expect(all.map(([ref]) => ref)).toEqual(
      expect.arrayContaining(["#/$defs/schedule", "#/$defs/schedule.flat~1~01", "#/$defs/schedule-options"]),
    );
    for (const [ref, target] of all) expect(target, ref).toBeTypeOf("object");
  });

  it("an env without an options schema checks make's own options; module names prefix its id", () => {
    const registry = new Registry();
    registry.register({ id: "Chain-v0", entry: () => new ChainEnv() });
    const schema = registry.jsonSchema({ envModules: { "Chain-v0": ["chains"] } }) as WithDefs;
    const env = JSON.stringify(schema.$defs.env);
    expect(env).toContain('"then":{"enum":["Chain-v0","chains:Chain-v0"]}');
    const branch = (schema.$defs.env as { else: { allOf: JsonSchema[] } }).else.allOf[0]!;
    expect(branch.then).toMatchObject({
      properties: {
        options: {
          type: "object",
          properties: { maxEpisodeSteps: { type: "integer" }, disableEnvChecker: {} },
        },
      },
    });
  });
});
