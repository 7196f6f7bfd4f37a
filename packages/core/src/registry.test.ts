import { describe, expect, it } from "vitest";
import type { Env } from "./env.js";
import { GymkitError } from "./errors.js";
import { definePlugin } from "./plugin.js";
import { Registry } from "./registry.js";
import { z } from "./schema.js";
import { Box } from "./spaces/box.js";
import { Discrete } from "./spaces/discrete.js";
import { OrderEnforcing } from "./wrappers/order-enforcing.js";
import { PassiveEnvChecker } from "./wrappers/passive-env-checker.js";
import { TimeLimit } from "./wrappers/time-limit.js";

/** A 1-D walk: observation = position, action 0/1 = left/right, terminates at |x| >= 3. */
class WalkEnv implements Env<Float32Array, number> {
  readonly observationSpace = new Box(-3, 3, [1]);
  readonly actionSpace = new Discrete(2);
  readonly metadata = { renderModes: [] };
  readonly renderMode = undefined;
  spec = undefined;
  x = 0;
  readonly obs = new Float32Array(1);
  get unwrapped() {
    return this;
  }
  reset() {
    this.x = 0;
    this.obs[0] = 0;
    return { observation: this.obs, info: {} };
  }
  step(a: number) {
    this.x += a === 1 ? 1 : -1;
    this.obs[0] = this.x;
    return {
      observation: this.obs,
      reward: 1,
      terminated: Math.abs(this.x) >= 3,
      truncated: false,
      info: {},
    };
  }
  render() {
    return `x=${this.x}`;
  }
  close() {}
}

const walkPlugin = definePlugin({
  name: "walk",
  register(r) {
    r.register({ id: "Walk-v0", entry: () => new WalkEnv(), maxEpisodeSteps: 5, rewardThreshold: 3 });
    r.register({ id: "Walk-v1", entry: () => new WalkEnv(), maxEpisodeSteps: 10 });
  },
});

describe("Registry", () => {
  it("make wraps like gymnasium.make: TimeLimit<OrderEnforcing<PassiveEnvChecker<Env>>>", () => {
    const registry = new Registry().use(walkPlugin);
    const env = registry.make("Walk-v0");
    expect(env).toBeInstanceOf(TimeLimit);
    const inner = (env as TimeLimit).env;
    expect(inner).toBeInstanceOf(OrderEnforcing);
    expect((inner as OrderEnforcing).env).toBeInstanceOf(PassiveEnvChecker);
    expect(env.unwrapped).toBeInstanceOf(WalkEnv);
    expect(env.spec?.id).toBe("Walk-v0");
    expect(env.spec?.maxEpisodeSteps).toBe(5);
  });

  it("make on an unknown id lists close matches and the registered ids", () => {
    const registry = new Registry().use(walkPlugin);
    expect(() => registry.make("Wlak-v0")).toThrowError(
      'Unknown environment "Wlak-v0". Did you mean "Walk-v0" or "Walk-v1"? Registered: Walk-v0, Walk-v1.',
    );
    expect(() => registry.make("Walk-v7")).toThrowError(/Environment "Walk" exists in versions: v0, v1\./);
  });

  it("creating an unknown component lists the ids of that kind and suggests the closest", () => {
    const registry = new Registry();
    for (const id of ["linear", "constant"]) {
      registry.add({ slot: "schedule", id, options: z.strictObject({}), create: () => ({ value: () => 1 }) });
    }
    const err = (() => {
      try {
        registry.create("schedule", "linaer");
      } catch (e) {
        return e as GymkitError;
      }
    })();
    expect(err).toBeInstanceOf(GymkitError);
    expect(err?.code).toBe("GYMKIT_UNKNOWN_COMPONENT");
    expect(err?.message).toBe(
      'Invalid config at schedule.kind: unknown schedule "linaer". Did you mean "linear"? Registered schedule ids: constant, linear.',
    );
  });

  it("a plugin whose register throws produces an error naming the plugin", () => {
    const registry = new Registry();
    const bad = definePlugin({
      name: "broken-plugin",
      register() {
        throw new Error("boom");
      },
    });
    expect(() => registry.use(bad)).toThrowError('Plugin "broken-plugin" failed to register: boom');
  });

  it("registering an id twice throws unless override", () => {
    const registry = new Registry().use(walkPlugin);
    expect(() => registry.register({ id: "Walk-v0", entry: () => new WalkEnv() })).toThrowError(
      'Environment "Walk-v0" is already registered by plugin "walk"; pass { override: true } to replace it.',
    );
    registry.register({ id: "Walk-v0", entry: () => new WalkEnv(), maxEpisodeSteps: 2 }, { override: true });
    expect(registry.spec("Walk-v0").maxEpisodeSteps).toBe(2);
    expect(registry.ids("env")).toEqual(["Walk-v0", "Walk-v1"]);
  });

  it("rejects ids outside the [namespace/]Name-vN grammar", () => {
    const registry = new Registry();
    expect(() => registry.register({ id: "Walk", entry: () => new WalkEnv() })).toThrowError(
      /Invalid environment id "Walk": ids look like "\[namespace\/\]Name-vN"/,
    );
  });

  it("TimeLimit truncates at maxEpisodeSteps and OrderEnforcing refuses step before reset", () => {
    const registry = new Registry().use(walkPlugin);
    const env = registry.make("Walk-v0");
    expect(() => env.step(1)).toThrowError(
      "Walk-v0: step() called before reset(). Call env.reset({ seed }) once first.",
    );
    env.reset();
    const flags: boolean[] = [];
    for (let i = 0; i < 5; i++) flags.push(env.step(i % 2).truncated);
    expect(flags).toEqual([false, false, false, false, true]);
  });

  it("the passive checker throws a RangeError naming the action and the space", () => {
    const env = new Registry().use(walkPlugin).make("Walk-v0");
    env.reset();
    expect(() => env.step(2)).toThrowError(RangeError);
    expect(() => env.step(2)).toThrowError("Walk-v0: invalid action 2; the action space is Discrete(2).");
  });

  it("the passive checker lets a Box action outside its bounds through (the env clips), but not NaN or a wrong shape", () => {
    const seen: number[] = [];
    const inner = new WalkEnv();
    const push: Env<Float32Array, Float32Array> = {
      ...inner,
      actionSpace: new Box(-1, 1, [1], "float32"),
      observationSpace: inner.observationSpace,
      unwrapped: inner as never,
      reset: () => inner.reset(),
      step: (a: Float32Array) => {
        seen.push(a[0]!);
        return inner.step(Math.min(Math.max(a[0]!, -1), 1) > 0 ? 1 : 0);
      },
      render: () => undefined,
      close: () => {},
    };
    const env = new PassiveEnvChecker(push);
    env.reset();
    env.step(Float32Array.of(1.5));
    env.step(Float32Array.of(-7));
    expect(seen).toEqual([1.5, -7]);
    expect(() => env.step(Float32Array.of(Number.NaN))).toThrowError(
      "WalkEnv: invalid action Float32Array[NaN]; the action space is Box(-1.0, 1.0, (1,), float32).",
    );
    expect(() => env.step(Float32Array.of(0, 0))).toThrowError(RangeError);
    expect(() => env.step(Float64Array.of(0) as never)).toThrowError(RangeError);
  });
});
