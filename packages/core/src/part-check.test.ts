import { describe, expect, it } from "vitest";
import { ChainEnv } from "../test/chain-env.js";
import { GymkitError } from "./errors.js";
import { type CheckContext, definePart, type PartDefinition } from "./parts.js";
import { Registry } from "./registry.js";
import { z } from "./schema.js";

/** A buffer-like part and an agent-like part that needs it, with a check across both. */
function registryWith(check: PartDefinition["check"], built: string[]) {
  const registry = new Registry();
  registry.register({ id: "Chain-v0", entry: () => new ChainEnv() });
  registry.add(
    definePart({
      slot: "buffer",
      id: "box",
      options: z.strictObject({ capacity: z.number().int().min(1).default(8) }),
      create: (o) => {
        built.push("buffer");
        return { capacity: o.capacity } as never;
      },
    }),
  );
  registry.add(
    definePart({
      slot: "agent",
      id: "greedy",
      options: z.strictObject({ batch: z.number().int().min(1).default(4) }),
      needs: { buffer: { slot: "buffer", default: { kind: "box" } } },
      check,
      create: () => {
        built.push("agent");
        return { dispose() {} } as never;
      },
    }),
  );
  return registry;
}

const config = (agent: Record<string, unknown>, steps = 100) => ({
  env: "Chain-v0",
  agent: { kind: "greedy", ...agent },
  budget: { steps },
  eval: false,
});

describe("a part's check runs when a config is resolved, before anything is built", () => {
  it("sees its options, the resolved options of the parts it needs and the run's budget", () => {
    const seen: Array<Omit<CheckContext, "need"> & { buffer: unknown; options: unknown }> = [];
    const built: string[] = [];
    const registry = registryWith((options, context) => {
      const { need, ...rest } = context;
      seen.push({ ...rest, options, buffer: need("buffer") });
      const capacity = need("buffer").options.capacity as number;
      if ((options as { batch: number }).batch > capacity) {
        throw new GymkitError(
          "GYMKIT_INVALID_CONFIG",
          `Invalid config at ${context.path}.batch: ${(options as { batch: number }).batch} is above ${need("buffer").path}.capacity ${capacity}.`,
        );
      }
    }, built);
    expect(() => registry.resolve(config({ batch: 9 }))).toThrow(
      "Invalid config at agent.batch: 9 is above agent.buffer.capacity 8.",
    );
    registry.resolve(config({ batch: 2, buffer: { capacity: 3 } }, 50));
    expect(seen.at(-1)).toEqual({
      path: "agent",
      id: "greedy",
      spec: { kind: "greedy", batch: 2, buffer: { kind: "box", capacity: 3 } },
      run: { budget: { steps: 50 } },
      options: { batch: 2 },
      buffer: { id: "box", part: "box", path: "agent.buffer", options: { capacity: 3 } },
    });
    expect(built).toEqual([]);
  });

  it("compose and registry.create refuse before building any part; create passes its budget", async () => {
    const built: string[] = [];
    const budgets: unknown[] = [];
    const registry = registryWith((_, context) => {
      budgets.push(context.run.budget);
      if (context.run.budget && context.run.budget.steps < 10) {
        throw new GymkitError("GYMKIT_INVALID_CONFIG", `Invalid config at ${context.path}: too short.`);
      }
    }, built);
    await expect(registry.compose(config({}, 5))).rejects.toThrow("Invalid config at agent: too short.");
    expect(() =>
      registry.create("agent", "greedy", {}, { env: new ChainEnv(), budget: { steps: 5 } }),
    ).toThrow("Invalid config at agent: too short.");
    expect(built).toEqual([]);
    registry.create("agent", "greedy", {}, { env: new ChainEnv() });
    expect(budgets.at(-1)).toBeUndefined();
    expect(built).toEqual(["buffer", "agent"]);
  });

  it("a check that throws something else is named with its part and path; an undeclared need is a plugin error", () => {
    const registry = registryWith(() => {
      throw new TypeError("x is not a function");
    }, []);
    expect(() => registry.resolve(config({}))).toThrow(
      'Checking agent "greedy" at agent failed: x is not a function',
    );
    const undeclared = registryWith((_, context) => void context.need("epsilon"), []);
    expect(() => undeclared.resolve(config({}))).toThrow(
      'The agent "greedy" checked part "epsilon", which it did not declare in needs.',
    );
  });

  it("a check that is not a function is refused when the part is added", () => {
    const registry = new Registry();
    expect(() =>
      registry.add({
        slot: "schedule",
        id: "bad",
        options: z.strictObject({}),
        check: 5 as never,
        create: () => ({ value: () => 1 }),
      }),
    ).toThrow('The schedule "bad" has a check that is not a function (check(options, context)), got 5.');
  });
});

describe("the experiment name is one plain name", () => {
  it("refuses paths, . and .., with the path, the value and what is allowed", () => {
    const registry = registryWith(undefined, []);
    for (const name of ["../../x", "/tmp/x", ".", "..", "a/b", "a b", "x".repeat(201)]) {
      expect(() => registry.resolve({ ...config({}), name })).toThrow(
        `Invalid config at name: expected one plain name of letters, digits, "_", "-" or "." (not "." or "..", at most 200 characters), since it names a directory, got ${JSON.stringify(name)}.`,
      );
    }
    for (const name of ["cartpole-dqn", "v1.2_a", "..x", "x".repeat(200)]) {
      expect(registry.resolve({ ...config({}), name }).config.name).toBe(name);
    }
  });
});
