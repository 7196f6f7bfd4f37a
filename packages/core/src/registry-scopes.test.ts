import { describe, expect, it, vi } from "vitest";
import { ChainEnv } from "../test/chain-env.js";
import type { ReplayBuffer } from "./buffer.js";
import { GymkitError } from "./errors.js";
import { definePlugin } from "./plugin.js";
import { EVENTS, REGISTRY, REPLAY_BUFFER, Registry, RNG, TOTAL_STEPS } from "./registry.js";
import { SyncVectorEnv } from "./vector/sync-vector-env.js";
import type { VectorEnv } from "./vector.js";

/** The least a buffer factory can return; these tests only look at what the factory received. */
const fakeBuffer = (capacity: number): ReplayBuffer =>
  ({ kind: "fake", size: 0, capacity, observationSize: 1 }) as unknown as ReplayBuffer;

const bufferPlugin = definePlugin({
  name: "fake-buffers",
  register(r) {
    r.provide("buffer", "fake", (options) => {
      const capacity = options.capacity;
      if (typeof capacity !== "number") {
        throw new GymkitError(
          "GYMKIT_INVALID_CONFIG",
          `buffer.capacity must be a number, got ${String(capacity)}.`,
        );
      }
      return fakeBuffer(capacity);
    });
    r.provide("buffer", "broken", () => {
      throw new Error("boom");
    });
  },
});

const chainPlugin = definePlugin({
  name: "chain",
  register(r) {
    r.register({
      id: "acme/Chain-v0",
      entry: (o) => new ChainEnv((o.length as number) ?? 3),
      maxEpisodeSteps: 10,
    });
  },
});

describe("Registry: named factories of every kind", () => {
  it("create builds a provided kind with the options, and kinds lists its ids", () => {
    const registry = new Registry().use(bufferPlugin);
    const buffer = registry.create("buffer", "fake", { capacity: 1000 });
    expect(buffer.capacity).toBe(1000);
    expect(registry.kinds("buffer")).toEqual(["broken", "fake"]);
    expect(registry.kinds("agent")).toEqual([]);
    expect(registry.providerOf("buffer", "fake")).toBe("fake-buffers");
    expect(() => registry.kinds("bufer" as "buffer")).toThrowError(
      'Unknown kind "bufer". Kinds: env, buffer, targetSync, agent, logger, schedule. Did you mean "buffer"?',
    );
  });

  it("factory errors: GymkitErrors pass through, others are wrapped naming the id and plugin", () => {
    const registry = new Registry().use(bufferPlugin);
    expect(() => registry.create("buffer", "fake", {})).toThrowError(
      "buffer.capacity must be a number, got undefined.",
    );
    expect(() => registry.create("buffer", "broken")).toThrowError(
      'Creating replay buffer "broken" (plugin "fake-buffers") failed: boom',
    );
    expect(() => new Registry().create("agent", "dqn")).toThrowError(
      'Unknown agent "dqn". Registered agent ids: (none; did you forget registry.use(plugin)?).',
    );
  });

  it("providing an id twice throws unless override", () => {
    const registry = new Registry().use(bufferPlugin);
    expect(() => registry.provide("buffer", "fake", () => fakeBuffer(1))).toThrowError(
      'The replay buffer "fake" is already registered by plugin "fake-buffers"; pass { override: true } to replace it.',
    );
    registry.provide("buffer", "fake", () => fakeBuffer(7), { override: true });
    expect(registry.create("buffer", "fake").capacity).toBe(7);
  });
});

describe("Registry: plugins", () => {
  it("use() of the same plugin object twice is a no-op; a module namespace works too", () => {
    const register = vi.fn();
    const plugin = definePlugin({ name: "once", register });
    const registry = new Registry().use(plugin).use(plugin).use({ default: plugin });
    expect(register).toHaveBeenCalledTimes(1);
    expect(registry.plugins()).toEqual(["once"]);
  });

  it("a second, distinct plugin with the same name throws", () => {
    const registry = new Registry().use(definePlugin({ name: "walk", register() {} }));
    expect(() => registry.use(definePlugin({ name: "walk", register() {} }))).toThrowError(
      'Plugin "walk" is already in use; plugin names must be unique.',
    );
    expect(() => registry.use({} as never)).toThrowError(
      /registry.use: expected a plugin \{ name, register\(registry\) \}/,
    );
  });
});

describe("Registry: envs", () => {
  it("make with an unknown namespace says the namespace has no environments", () => {
    const registry = new Registry().use(chainPlugin);
    expect(() => registry.make("other/Chain-v0")).toThrowError(
      'Unknown environment "other/Chain-v0". Namespace "other" has no environments; is the plugin that provides it in use? Did you mean "acme/Chain-v0"? Registered: acme/Chain-v0.',
    );
    expect(() => new Registry().make("CartPole-v1")).toThrowError(
      'Unknown environment "CartPole-v1". Registered: (none; did you forget registry.use(plugin)?).',
    );
  });

  it("create('env', id) makes the env through make, with its options", () => {
    const registry = new Registry().use(chainPlugin);
    const env = registry.create("env", "acme/Chain-v0", { length: 5 });
    expect(env.spec?.id).toBe("acme/Chain-v0");
    expect((env.unwrapped as ChainEnv).length).toBe(5);
    expect(() => registry.create("env", "acme/Chian-v0")).toThrowError(
      /Unknown environment "acme\/Chian-v0"/,
    );
  });

  it("makeVec falls back to a SyncVectorEnv over make, passing the autoreset mode", () => {
    const registry = new Registry().use(chainPlugin);
    const vec = registry.makeVec("acme/Chain-v0", 3, { length: 2, autoresetMode: "same-step" });
    expect(vec).toBeInstanceOf(SyncVectorEnv);
    expect(vec.numEnvs).toBe(3);
    expect(vec.autoresetMode).toBe("same-step");
    expect((vec as SyncVectorEnv).envs[0]!.spec?.id).toBe("acme/Chain-v0");
    vec.reset({ seed: 0 });
    vec.step([0, 0, 0]);
    expect(Array.from(vec.step([0, 0, 0]).terminated)).toEqual([1, 1, 1]);
    expect(registry.makeVec("acme/Chain-v0", 1).autoresetMode).toBe("next-step");
    expect(() => registry.makeVec("acme/Chain-v0", 0)).toThrowError(
      'makeVec("acme/Chain-v0", n): n must be a positive integer, got 0.',
    );
  });

  it("makeVec uses a registration's own batched implementation when it has one", () => {
    const registry = new Registry();
    const vectorEntry = vi.fn(
      (n: number) => ({ numEnvs: n, autoresetMode: "next-step" }) as unknown as VectorEnv,
    );
    registry.register({
      id: "Fast-v0",
      entry: () => new ChainEnv(),
      vectorEntry,
      maxEpisodeSteps: 9,
      defaults: { a: 1 },
    });
    expect(registry.makeVec("Fast-v0", 4, { b: 2 }).numEnvs).toBe(4);
    expect(vectorEntry).toHaveBeenCalledWith(4, { maxEpisodeSteps: 9, a: 1, b: 2 });
  });
});

describe("Registry: run scopes", () => {
  it("two scopes are isolated: own RNG streams by seed, own events, own provided parts", () => {
    const registry = new Registry().use(bufferPlugin);
    const a = registry.scope({ seed: 1, totalSteps: 100 });
    const b = registry.scope({ seed: 2 });
    const a2 = registry.scope({ seed: 1 });
    const draws = (s: typeof a) => [s.rng.uint32(), s.rng.uint32()];
    expect(draws(a)).toEqual(draws(a2));
    expect(draws(a)).not.toEqual(draws(b));
    expect(a.get(RNG)).toBe(a.rng);
    expect(a.get(EVENTS)).toBe(a.events);
    expect(a.get(REGISTRY)).toBe(registry);
    expect(a.get(TOTAL_STEPS)).toBe(100);
    expect(b.has(TOTAL_STEPS)).toBe(false);
    const heardA = vi.fn();
    const heardB = vi.fn();
    a.events.on("checkpoint", heardA);
    b.events.on("checkpoint", heardB);
    a.events.emit("checkpoint", { step: 1, path: "x" });
    expect(heardA).toHaveBeenCalledOnce();
    expect(heardB).not.toHaveBeenCalled();
    a.provide(REPLAY_BUFFER, a.create("buffer", "fake", { capacity: 5 }));
    expect(a.get(REPLAY_BUFFER).capacity).toBe(5);
    expect(b.has(REPLAY_BUFFER)).toBe(false);
    expect(b.getOr(REPLAY_BUFFER, () => fakeBuffer(9)).capacity).toBe(9);
    expect(() => registry.scope({ seed: -1 })).toThrowError(/Invalid seed -1/);
  });

  it("factories receive the scope they are created in", () => {
    const registry = new Registry();
    registry.provide("schedule", "steps", (_o, scope) => ({
      value: (s: number) => s / scope.get(TOTAL_STEPS),
    }));
    const scope = registry.scope({ totalSteps: 10 });
    expect(scope.create("schedule", "steps").value(5)).toBe(0.5);
  });

  it("dispose runs cleanups last-first, once, and reports failed cleanups after running all", async () => {
    const registry = new Registry();
    const order: string[] = [];
    const scope = registry.scope();
    scope.onDispose(() => order.push("env"));
    scope.onDispose(() => order.push("buffer"));
    scope.onDispose(() => order.push("agent"));
    await scope.dispose();
    await scope.dispose();
    expect(order).toEqual(["agent", "buffer", "env"]);
    const failing = registry.scope();
    const ran: string[] = [];
    failing.onDispose(() => ran.push("first"));
    failing.onDispose(() => {
      throw new Error("flush failed");
    });
    await expect(failing.dispose()).rejects.toThrowError("RunScope.dispose: some cleanups failed");
    expect(ran).toEqual(["first"]);
  });
});
