import { describe, expect, it } from "vitest";
import { ChainEnv } from "../test/chain-env.js";
import type { Agent, UpdateResult } from "./agent.js";
import { GymkitError } from "./errors.js";
import type { Logger } from "./events.js";
import { definePart } from "./parts.js";
import type { Plugin } from "./plugin.js";
import { Registry } from "./registry.js";
import { z } from "./schema.js";
import { runSeeds } from "./seeds.js";

const log: string[] = [];

/** A plugin with one env, a "memory" buffer-like part, an agent that needs it, and a logger. */
const testPlugin: Plugin = {
  name: "test-parts",
  register(context) {
    context.register({ id: "Chain-v0", entry: () => new ChainEnv(), maxEpisodeSteps: 20 });
    context.add(
      definePart({
        slot: "schedule",
        id: "const",
        options: z.strictObject({ value: z.number().min(0).max(1).default(0.1) }),
        create: (o) => {
          log.push("schedule");
          return { value: () => o.value, dispose: async () => void log.push("dispose schedule") };
        },
      }),
    );
    context.add(
      definePart({
        slot: "agent",
        id: "always",
        options: z.strictObject({ action: z.number().int().min(0).max(1).default(1) }),
        needs: { epsilon: { slot: "schedule", default: { kind: "const" } } },
        create(o, ctx): Agent {
          log.push(
            `agent(eps ${ctx.need<{ value(): number }>("epsilon").value()}, seed ${ctx.run.seeds.root})`,
          );
          return {
            act: () => o.action,
            observe: () => {},
            update: (): UpdateResult | undefined => undefined,
            dispose: () => void log.push("dispose agent"),
          };
        },
      }),
    );
    context.preset({ slot: "agent", id: "always-left", base: "always", fragment: { action: 0 } });
    context.add(
      definePart({
        slot: "logger",
        id: "count",
        options: z.strictObject({}),
        create: (): Logger & { episodes: number } => {
          const logger = {
            episodes: 0,
            attach: (events: Parameters<Logger["attach"]>[0]) => {
              const on = () => void logger.episodes++;
              events.on("episodeEnd", on);
              return () => void events.off("episodeEnd", on);
            },
            close: async () => {
              await Promise.resolve();
              log.push("close logger");
            },
          };
          return logger;
        },
      }),
    );
  },
};

const base = { env: "Chain-v0", agent: "always", budget: { steps: 100 } };

describe("compose: one run from a config", () => {
  it("resolves presets and defaults into plain data, builds parts in order and disposes them in reverse", async () => {
    log.length = 0;
    const registry = new Registry().use(testPlugin);
    const run = await registry.compose({
      ...base,
      agent: { kind: "always-left" },
      loggers: ["count"],
      seed: 7,
    });
    expect(run.config).toEqual({
      env: { id: "Chain-v0", options: {}, numEnvs: 1 },
      agent: { kind: "always-left", action: 0, epsilon: { kind: "const", value: 0.1 } },
      loggers: [{ kind: "count" }],
      budget: { steps: 100 },
      eval: { every: 2500, episodes: 20 },
      seed: 7,
    });
    expect(run.filled.map((f) => `${f.path}=${f.id}:${f.part}@${f.plugin}`)).toEqual([
      "env=Chain-v0:Chain-v0@test-parts",
      "eval.env=Chain-v0:Chain-v0@test-parts",
      "agent.epsilon=const:const@test-parts",
      "agent=always-left:always@test-parts",
      "loggers[0]=count:count@test-parts",
    ]);
    expect(run.env).not.toBe(run.evalEnv);
    const starts: unknown[] = [];
    run.events.on("runStart", (e) => starts.push(e));
    const result = await run.train();
    expect(starts).toEqual([{ runId: "run-7", seed: 7, totalSteps: 100, config: run.config }]);
    expect(result.steps).toBe(100);
    expect((run.loggers[0] as unknown as { episodes: number }).episodes).toBe(result.episodes);
    await run.dispose();
    expect(log).toEqual([
      "schedule",
      "agent(eps 0.1, seed 7)",
      "close logger",
      "dispose agent",
      "dispose schedule",
    ]);
  });

  it("names the full path of every bad field, with did-you-mean and the registered ids", async () => {
    const registry = new Registry().use(testPlugin);
    const bad = (config: unknown) => registry.compose(config);
    await expect(bad({ ...base, agent: { kind: "always", action: 2 } })).rejects.toThrow(
      "Invalid config at agent.action: expected an integer >= 0 and <= 1, got 2.",
    );
    await expect(bad({ ...base, agent: { kind: "always", epsilon: { value: -1 } } })).rejects.toThrow(
      "Invalid config at agent.epsilon.value: expected a number >= 0 and <= 1, got -1.",
    );
    await expect(bad({ ...base, agent: { kind: "always", acton: 1 } })).rejects.toThrow(
      'Invalid config at agent.acton: unknown option "acton" for agent "always". Did you mean "action"? Allowed options: action, epsilon.',
    );
    await expect(bad({ ...base, agent: "alwys" })).rejects.toThrow(
      'Invalid config at agent.kind: unknown agent "alwys". Did you mean "always"? Registered agent ids: always (test-parts), always-left (test-parts).',
    );
    await expect(bad({ ...base, agent: 3 })).rejects.toThrow(
      'Invalid config at agent: expected an agent as "<id>" or { kind: "<id>", ...options }, got 3.',
    );
    await expect(bad({ ...base, budgett: { steps: 1 } })).rejects.toThrow(
      'Invalid config at budgett: unknown option "budgett". Did you mean "budget"?',
    );
    await expect(bad({ ...base, budget: { steps: 0 } })).rejects.toThrow(
      "Invalid config at budget.steps: expected an integer >= 1, got 0.",
    );
    await expect(bad({ ...base, buffer: "uniform" })).rejects.toThrow(
      "Invalid config at buffer: the buffer belongs to the agent; write it as agent.buffer.",
    );
    await expect(bad({ ...base, env: "Chian-v0" })).rejects.toThrow(
      /Unknown environment "Chian-v0".*Did you mean "Chain-v0"/,
    );
    await expect(bad({ ...base, loggers: ["nope"] })).rejects.toThrow(
      'Invalid config at loggers[0].kind: unknown logger "nope". Registered logger ids: count (test-parts).',
    );
    await expect(bad({ ...base, seed: -1 })).rejects.toThrow(
      "Invalid config at seed: expected an integer >= 0 and <= 4294967295, got -1.",
    );
  });

  it("disposes what it built when a later part fails", async () => {
    log.length = 0;
    const registry = new Registry().use(testPlugin);
    registry.add({
      slot: "logger",
      id: "broken",
      options: z.strictObject({}),
      create: () => {
        throw new Error("disk full");
      },
    });
    await expect(registry.compose({ ...base, loggers: ["broken"] })).rejects.toThrow(
      'Creating logger "broken" at loggers[0] failed: disk full',
    );
    expect(log).toEqual(["schedule", "agent(eps 0.1, seed 0)", "dispose agent", "dispose schedule"]);
  });

  it("two runs in one registry are isolated: own seeds and events; streams derive from the root seed", async () => {
    const registry = new Registry().use(testPlugin);
    const a = await registry.compose({ ...base, seed: 1 });
    const b = await registry.compose({ ...base, seed: 2 });
    expect(a.events).not.toBe(b.events);
    expect(a.seeds.agent.int(1e9)).toBe(runSeeds(1).agent.int(1e9));
    expect(a.seeds.eval).not.toBe(a.seeds.env);
    expect(runSeeds(1).replay.int(1e9)).not.toBe(runSeeds(2).replay.int(1e9));
    await a.dispose();
    await b.dispose();
  });

  it("the JSON Schema has a branch per kind in each slot, with presets and shorthand ids", () => {
    const registry = new Registry().use(testPlugin);
    const schema = registry.jsonSchema() as {
      properties: Record<string, unknown>;
      $defs: Record<string, unknown>;
    };
    expect(schema.properties.agent).toMatchObject({ $ref: "#/$defs/agent" });
    const agent = JSON.stringify(schema.$defs.agent);
    expect(agent).toContain('"then":{"enum":["always","always-left"]}');
    expect(agent).toContain(
      '"if":{"required":["kind"],"properties":{"kind":{"enum":["always","always-left"]}}}',
    );
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(["env", "agent", "loggers", "budget", "eval", "seed"]),
    );
  });
});

describe("plugins", () => {
  it("a plugin whose register throws leaves nothing registered, and is named", () => {
    const registry = new Registry();
    const failing: Plugin = {
      name: "half-done",
      register(context) {
        context.register({ id: "Half-v0", entry: () => new ChainEnv() });
        throw new Error("boom");
      },
    };
    expect(() => registry.use(failing)).toThrow(
      'Plugin "half-done" failed to register: boom Nothing it registered was kept.',
    );
    expect(registry.ids("env")).toEqual([]);
    expect(() => registry.make("Half-v0")).toThrow(GymkitError);
    expect(registry.plugins()).toEqual([]);
  });

  it("ids, providers and duplicates", () => {
    const registry = new Registry().use(testPlugin);
    expect(registry.ids("agent")).toEqual(["always", "always-left"]);
    expect(registry.providerOf("agent", "always-left")).toBe("test-parts");
    expect(() => registry.use({ ...testPlugin })).toThrow('Plugin "test-parts" is already in use');
    expect(() =>
      registry.add({
        slot: "schedule",
        id: "const",
        options: z.strictObject({}),
        create: () => ({ value: () => 0 }),
      }),
    ).toThrow(
      'The schedule "const" is already registered by plugin "test-parts"; pass { override: true } to replace it.',
    );
    expect(() => registry.ids("buffers" as "buffer")).toThrow(
      'Unknown slot "buffers". Slots: env, buffer, targetSync, schedule, agent, logger. Did you mean "buffer"?',
    );
  });
});
