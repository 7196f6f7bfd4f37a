import { describe, expect, it } from "vitest";
import { ChainEnv } from "../test/chain-env.js";
import type { Agent, CheckpointFiles } from "./agent.js";
import type { ReplayBuffer } from "./buffer.js";
import { GymkitError } from "./errors.js";
import { definePart } from "./parts.js";
import type { Plugin } from "./plugin.js";
import { Registry } from "./registry.js";
import { z } from "./schema.js";

const bytes = (...values: number[]) => Uint8Array.from(values);
const log: string[] = [];

/** A counter agent that checkpoints its count, taking a memory whose image is its own count. */
class CountAgent implements Agent {
  count = 0;
  constructor(readonly memory: { n: number }) {}
  act() {
    return 0;
  }
  observe() {
    this.count++;
    this.memory.n++;
  }
  update() {
    return undefined;
  }
  dispose() {}
  async checkpoint(): Promise<CheckpointFiles> {
    return { "model.json": bytes(this.count) };
  }
  async restore(files: CheckpointFiles, source?: string) {
    log.push(`restore agent from ${source}`);
    this.count = files["model.json"]![0]!;
  }
}

const plugin: Plugin = {
  name: "checkpoint-parts",
  register(context) {
    context.register({ id: "Chain-v0", entry: () => new ChainEnv(), maxEpisodeSteps: 20 });
    context.add(
      definePart({
        slot: "buffer",
        id: "memory",
        options: z.strictObject({}),
        prepare: async (_o, ctx) => void log.push(`prepare ${ctx.path}`),
        create: () => {
          const memory = {
            n: 0,
            serialize: () => bytes(memory.n),
            deserialize: (b: Uint8Array, source?: string) => {
              log.push(`restore memory from ${source}`);
              memory.n = b[0]!;
            },
          };
          return memory as unknown as ReplayBuffer;
        },
      }),
    );
    context.add(
      definePart({
        slot: "agent",
        id: "count",
        options: z.strictObject({ backend: z.string().default("auto") }),
        needs: { memory: { slot: "buffer", default: { kind: "memory" } } },
        prepare: async (o, ctx) => {
          await Promise.resolve();
          log.push(`prepare ${ctx.path} (${o.backend})`);
        },
        create: (_o, ctx) => {
          log.push("create agent");
          return new CountAgent(ctx.need("memory"));
        },
        load: async (files, ctx) => {
          log.push(`load ${ctx.id} from ${ctx.source} (backend ${String(ctx.spec?.backend)})`);
          const agent = new CountAgent({ n: 0 });
          await agent.restore(files, ctx.source);
          return agent;
        },
      }),
    );
    context.preset({ slot: "agent", id: "count-fast", base: "count", fragment: { backend: "cpu" } });
  },
};

const config = { env: "Chain-v0", agent: "count", budget: { steps: 30 }, eval: false as const };

describe("Run.checkpoint / Run.restore: every checkpointable part by config path", () => {
  it("saves the agent's files under their names and the buffer's image as buffer.rb, and restores each", async () => {
    const registry = new Registry().use(plugin);
    const run = await registry.compose({ ...config, agent: { kind: "count", memory: { kind: "memory" } } });
    expect(run.checkpointable).toEqual(["agent", "agent.memory"]);
    await run.train();
    const agent = run.agent as CountAgent;
    expect(agent.count).toBe(30);
    const files = await run.checkpoint();
    expect(files).toEqual({ "model.json": bytes(30), "memory.rb": bytes(30) });
    await run.dispose();

    log.length = 0;
    const again = await registry.compose(config);
    await again.restore(files, "ckpt");
    expect((again.agent as CountAgent).count).toBe(30);
    expect((again.agent as CountAgent).memory.n).toBe(30);
    // The agent first, as the runner always restored it; each part is told where its files are.
    expect(log).toEqual([
      "prepare agent.memory",
      "prepare agent (auto)",
      "create agent",
      "restore agent from ckpt",
      "restore memory from ckpt/memory.rb",
    ]);
    await again.dispose();
  });

  it("refuses files that hold nothing of a checkpointable part, naming it", async () => {
    const run = await new Registry().use(plugin).compose(config);
    const error = await run.restore({ "model.json": bytes(1) }, "ckpt").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GymkitError);
    expect((error as Error).message).toBe(
      "Cannot restore ckpt: it holds no files of the part at agent.memory (memory.*).",
    );
    await run.dispose();
  });

  it("awaits every part's prepare before anything is created, and names a part whose prepare fails", async () => {
    log.length = 0;
    const registry = new Registry().use(plugin);
    registry.add(
      definePart({
        slot: "agent",
        id: "broken",
        options: z.strictObject({}),
        prepare: async () => {
          throw new Error("no backend here");
        },
        create: () => {
          throw new Error("never created");
        },
      }),
    );
    await expect(registry.compose({ ...config, agent: "broken" })).rejects.toThrow(
      'Preparing agent "broken" at agent failed: no backend here',
    );
    await (await registry.compose(config)).dispose();
    expect(log.slice(0, 3)).toEqual(["prepare agent.memory", "prepare agent (auto)", "create agent"]);
  });

  it("registry.load rebuilds a part from its files through the load its plugin registered", async () => {
    log.length = 0;
    const registry = new Registry().use(plugin);
    const agent = (await registry.load(
      "agent",
      "count-fast",
      { "model.json": bytes(7) },
      {
        source: "runs/x/model",
        spec: { kind: "count-fast", backend: "cpu" },
      },
    )) as CountAgent;
    expect(agent.count).toBe(7);
    expect(log).toEqual([
      "load count-fast from runs/x/model (backend cpu)",
      "restore agent from runs/x/model",
    ]);
    const message = (e: unknown) => (e instanceof GymkitError ? e.message : String(e));
    expect(message(await registry.load("agent", "ppo", {}, { source: "m" }).catch((e: unknown) => e))).toBe(
      'Cannot load m: it holds an agent "ppo", which no plugin in use registers (agent ids: count, count-fast). Load the plugin that registers it.',
    );
    registry.add(
      definePart({
        slot: "agent",
        id: "plain",
        options: z.strictObject({}),
        create: () => new CountAgent({ n: 0 }),
      }),
    );
    expect(message(await registry.load("agent", "plain", {}).catch((e: unknown) => e))).toBe(
      'Cannot load the files: the agent "plain" registers no load(files, context), so it cannot be rebuilt from its saved files. Its plugin must add load to the part.',
    );
  });

  it("a part whose prepare or load is not a function is refused when added", () => {
    const registry = new Registry();
    const base = {
      slot: "agent" as const,
      id: "x",
      options: z.strictObject({}),
      create: () => new CountAgent({ n: 0 }),
    };
    expect(() => registry.add({ ...base, prepare: 5 as never })).toThrow(
      'The agent "x" has a prepare that is not a function (prepare(options, context): Promise<void>), got 5.',
    );
    expect(() => registry.add({ ...base, load: "yes" as never })).toThrow(
      'The agent "x" has a load that is not a function (load(files, context): Promise<part>), got "yes".',
    );
    expect(registry.ids("agent")).toEqual([]);
  });
});
