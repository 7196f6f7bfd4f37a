/** Regressions found by the issue-9 probe (scripts/probe-bad-inputs.ts): each used to crash or pass silently. */
import { describe, expect, it } from "vitest";
import { ChainEnv } from "../test/chain-env.js";
import { definePart } from "./parts.js";
import { Registry } from "./registry.js";
import { z } from "./schema.js";
import { Box } from "./spaces/box.js";
import { Discrete } from "./spaces/discrete.js";
import { SyncVectorEnv } from "./vector/sync-vector-env.js";
import { TimeLimit } from "./wrappers/time-limit.js";

const withAgent = () => {
  const registry = new Registry();
  registry.add(
    definePart({
      slot: "agent",
      id: "a",
      options: z.strictObject({ lr: z.number().gt(0).default(0.1) }),
      create: () => ({ act: () => 0, observe() {}, update: () => undefined, dispose() {} }),
    }),
  );
  return registry;
};

describe("bad inputs the probe found", () => {
  it("a plugin whose register is async is refused, with no unhandled rejection, and nothing kept", () => {
    const registry = new Registry();
    expect(() =>
      registry.use({
        name: "async",
        async register(context) {
          context.register({ id: "Later-v0", entry: () => new ChainEnv() });
          throw new Error("async boom");
        },
      }),
    ).toThrow(
      'Plugin "async" failed to register: register must be synchronous (it returned a promise); load what the plugin needs before registry.use Nothing it registered was kept.',
    );
    expect(registry.ids("env")).toEqual([]);
  });

  it("a preset must be a preset, and its fragment valid for its base", () => {
    const registry = withAgent();
    expect(() => registry.preset(undefined as never)).toThrow(
      "preset: expected { slot, id, base, fragment }, got undefined.",
    );
    expect(() => registry.preset({ slot: "agent", id: "fast", base: "a", fragment: { lr: "fast" } })).toThrow(
      'Invalid config at preset "fast".lr: expected a number > 0, got "fast".',
    );
    expect(registry.ids("agent")).toEqual(["a"]);
  });

  it("spaces name the missing generator", () => {
    expect(() => new Box(0, 1, [2]).sample(undefined as never)).toThrow(
      "Box.sample(rng) needs a generator from @gymkit/core (createRng(seed)), got undefined.",
    );
    expect(() => new Discrete(2).sample({} as never)).toThrow(
      "Discrete.sample(rng) needs a generator from @gymkit/core (createRng(seed)), got {}.",
    );
  });

  it("vector envs and wrappers check what they are given", () => {
    expect(() => new SyncVectorEnv([() => 5 as never])).toThrow(
      "SyncVectorEnv: factories[0] returned 5, not an env (reset, step, observationSpace, actionSpace).",
    );
    expect(() => new SyncVectorEnv([5 as never])).toThrow(
      "SyncVectorEnv: factories[0] must be a function () => Env, got 5.",
    );
    const vec = new SyncVectorEnv([() => new ChainEnv(), () => new ChainEnv()]);
    vec.reset({ seed: 0 });
    expect(() => vec.step(undefined as never)).toThrow(
      "SyncVectorEnv.step: got undefined actions for 2 sub-envs.",
    );
    expect(() => new TimeLimit(undefined as never, 10)).toThrow(
      "TimeLimit: expected an env to wrap (with reset and step), got undefined.",
    );
  });
});

describe("more bad inputs the probe found", () => {
  it("create names a kind that contradicts its id; parseOptions wants a schema; choice stays within int32", async () => {
    const registry = withAgent();
    expect(() => registry.create("agent", "a", { kind: "b" })).toThrow(
      'registry.create("agent", "a", options): options.kind is "b", not "a"; name the id once (the second argument).',
    );
    const { parseOptions } = await import("./schema.js");
    expect(() => parseOptions("not a schema" as never, {})).toThrow(
      'parseOptions: expected a zod schema (z from @gymkit/core), got "not a schema".',
    );
    const { createRng } = await import("./rng.js");
    expect(() => createRng(0).choice(2 ** 32, 64)).toThrow(
      "Rng.choice(n, k): need integers with 0 <= k <= n <= 2^31 (indices are int32), got n=4294967296, k=64.",
    );
    const { writeDirAtomic } = await import("./node/atomic.js");
    await expect(writeDirAtomic("/tmp/gymkit-never", undefined as never)).rejects.toThrow(
      "Cannot write /tmp/gymkit-never: files must be an object of name → Uint8Array, got undefined.",
    );
  });
});
