import { describe, expect, it } from "vitest";
import type { Env } from "./env.js";
import { GymkitError } from "./errors.js";
import { definePlugin } from "./plugin.js";
import { Registry } from "./registry.js";
import { z } from "./schema.js";
import { Box } from "./spaces/box.js";
import { Discrete } from "./spaces/discrete.js";

/** An env whose "engine" (a number) exists only once `load()` has resolved, like a wasm module. */
function engineEnvPlugin(load: () => Promise<void>) {
  return definePlugin({
    name: "engine-env",
    register(context) {
      context.register({ id: "Engine-v0", entry: () => new EngineEnv(), prepare: load, maxEpisodeSteps: 5 });
    },
  });
}

class EngineEnv implements Env<Float32Array, number> {
  readonly observationSpace = new Box(-1, 1, [1]);
  readonly actionSpace = new Discrete(2);
  readonly metadata = { renderModes: [] };
  readonly renderMode = undefined;
  spec = undefined;
  private readonly obs = new Float32Array(1);
  get unwrapped() {
    return this;
  }
  reset() {
    return { observation: this.obs, info: {} };
  }
  step() {
    return { observation: this.obs, reward: 0, terminated: true, truncated: false, info: {} };
  }
  render() {
    return undefined;
  }
  close() {}
}

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(GymkitError);
    return (e as Error).message;
  }
  return "no error";
};

describe("env registration prepare", () => {
  it("make and makeVec refuse an unprepared env, saying to await registry.prepare; after it they work", async () => {
    let loads = 0;
    const registry = new Registry().use(
      engineEnvPlugin(async () => {
        loads++;
      }),
    );
    expect(message(() => registry.make("Engine-v0"))).toBe(
      'make("Engine-v0"): this environment must be prepared first (it loads its engine asynchronously). Call `await registry.prepare("Engine-v0")` once before make; registry.compose does it for you.',
    );
    expect(message(() => registry.makeVec("Engine-v0", 2))).toContain(
      'makeVec("Engine-v0"): this environment must be prepared first',
    );
    await Promise.all([registry.prepare("Engine-v0"), registry.prepare("Engine-v0")]);
    await registry.prepare("Engine-v0");
    expect(loads).toBe(1); // once per registry, however often it is asked
    expect(registry.make("Engine-v0").reset().observation).toHaveLength(1);
    expect(registry.makeVec("Engine-v0", 2).numEnvs).toBe(2);
  });

  it("compose awaits prepare before it builds the env", async () => {
    const order: string[] = [];
    const registry = new Registry().use(
      engineEnvPlugin(async () => {
        await new Promise((r) => setTimeout(r, 1));
        order.push("prepared");
      }),
    );
    registry.add({
      slot: "agent",
      id: "first",
      options: z.strictObject({}),
      create: () => {
        order.push("agent");
        return { act: () => 0, observe() {}, update: () => undefined, dispose() {} } as never;
      },
    });
    const run = await registry.compose({
      env: "Engine-v0",
      agent: "first",
      budget: { steps: 1 },
      eval: false,
    });
    expect(order).toEqual(["prepared", "agent"]);
    await run.dispose();
  });

  it("a failed prepare names the env, keeps its cause, and is tried again next time", async () => {
    let attempts = 0;
    const registry = new Registry().use(
      engineEnvPlugin(async () => {
        attempts++;
        if (attempts === 1) throw new Error("wasm fetch failed (404)");
      }),
    );
    const error = await registry.prepare("Engine-v0").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GymkitError);
    expect((error as GymkitError).code).toBe("GYMKIT_PLUGIN_FAILED");
    expect((error as Error).message).toBe(
      'Preparing environment "Engine-v0" failed: wasm fetch failed (404)',
    );
    expect(((error as Error).cause as Error).message).toBe("wasm fetch failed (404)");
    await registry.prepare("Engine-v0");
    expect(attempts).toBe(2);
    expect(registry.make("Engine-v0")).toBeDefined();
  });

  it("envs without prepare need none, and a prepare that is not a function is refused at register", async () => {
    const registry = new Registry();
    registry.register({ id: "Plain-v0", entry: () => new EngineEnv() });
    expect(registry.make("Plain-v0")).toBeDefined();
    await registry.prepare("Plain-v0");
    expect(
      message(() =>
        registry.register({ id: "Bad-v0", entry: () => new EngineEnv(), prepare: "load" as never }),
      ),
    ).toBe('registry.register("Bad-v0"): prepare must be a function () => Promise<void>, got "load".');
  });
});
