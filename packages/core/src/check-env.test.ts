import { describe, expect, it } from "vitest";
import { ChainEnv } from "../test/chain-env.js";
import { checkEnv, type EnvCheckFinding } from "./check-env.js";
import type { Env, ResetArgs } from "./env.js";
import { Registry } from "./registry.js";
import { createRng } from "./rng.js";
import type { Space } from "./space.js";
import { Box } from "./spaces/box.js";
import { Discrete } from "./spaces/discrete.js";

/** A ChainEnv with finite bounds, so a correct env yields no findings at all. */
class FiniteChainEnv extends ChainEnv {
  override readonly observationSpace = new Box(0, 1000, [2]);
}

/** ChainEnv with some members replaced, to break one rule at a time. */
function broken(patch: (env: ChainEnv) => void, length = 3): Env<unknown, unknown> {
  const env = new FiniteChainEnv(length);
  patch(env);
  return env as Env<unknown, unknown>;
}

const errors = (f: EnvCheckFinding[]) => f.filter((x) => x.severity === "error");
const checks = (f: EnvCheckFinding[]) => [...new Set(f.map((x) => x.check))].sort();

describe("checkEnv", () => {
  it("passes a correct env with no findings", () => {
    expect(checkEnv(new FiniteChainEnv(5))).toEqual([]);
    expect(checkEnv(new FiniteChainEnv(5, { renderMode: "ansi" }))).toEqual([]);
  });

  it("warns like Gymnasium about infinite Box bounds and un-normalised Box actions", () => {
    const env = new ChainEnv();
    const findings = checkEnv(env);
    expect(errors(findings)).toEqual([]);
    expect(findings.map((f) => f.message)).toEqual([
      "A Box observation space minimum value is -infinity. This is probably too low.",
      "A Box observation space maximum value is infinity. This is probably too high.",
    ]);
    const boxActions = broken((e) => {
      Object.defineProperty(e, "actionSpace", { value: new Box(-2, 2, [1]) });
      e.step = ChainEnv.prototype.step.bind(e) as unknown as typeof e.step;
    });
    expect(checkEnv(boxActions).some((f) => f.message.startsWith("For Box action spaces a symmetric"))).toBe(
      true,
    );
  });

  it("finds an env whose seeded reset is not deterministic", () => {
    let calls = 0;
    const env = broken((e) => {
      const reset = e.reset.bind(e);
      e.reset = (args?: ResetArgs) => {
        const r = reset(args);
        r.observation[0] = calls++ % 2;
        return r;
      };
    });
    const findings = checkEnv(env);
    expect(findings.find((f) => f.check === "reset-determinism")?.message).toMatch(
      /^reset\(\{ seed: 123 \}\) twice gave different observations: Float32Array\[0, 0\] vs Float32Array\[1, 0\]/,
    );
  });

  it("finds unseeded resets that draw fresh entropy, and ones that reseed", () => {
    let entropy = 0;
    const fresh = broken((e) => {
      const reset = e.reset.bind(e);
      e.reset = (args: ResetArgs = {}) => reset(args.seed === undefined ? { seed: ++entropy } : args);
    });
    expect(errors(checkEnv(fresh)).map((f) => f.check)).toEqual(["reset-continuation"]);
    const reseeds = broken((e) => {
      const reset = e.reset.bind(e);
      let last: number | bigint = 0;
      e.reset = (args: ResetArgs = {}) => {
        if (args.seed !== undefined) last = args.seed;
        return reset({ ...args, seed: last });
      };
    });
    const f = checkEnv(reseeds);
    expect(f).toEqual([
      expect.objectContaining({
        severity: "warning",
        check: "reset-continuation",
        message: expect.stringMatching(/repeated the seeded observation/),
      }),
    ]);
  });

  it("finds observations of the wrong dtype, length, NaN or out of bounds", () => {
    const dtype = broken((e) => {
      const reset = e.reset.bind(e);
      e.reset = (args?: ResetArgs) => ({
        ...reset(args),
        observation: Float64Array.from(reset(args).observation) as unknown as Float32Array,
      });
    });
    expect(errors(checkEnv(dtype))[0]).toEqual({
      severity: "error",
      check: "observation-dtype",
      message:
        "reset({ seed: 123 }): the observation is a Float64Array, but Box(0.0, 1000.0, (2,), float32) (dtype float32) needs a Float32Array.",
    });
    const length = broken((e) => {
      const reset = e.reset.bind(e);
      e.reset = (args?: ResetArgs) => ({ ...reset(args), observation: new Float32Array(3) });
    });
    expect(errors(checkEnv(length))[0]?.message).toMatch(
      /the observation has 3 values, but .* has shape \[2\] \(2 values\)/,
    );
    const nan = broken((e) => {
      const step = e.step.bind(e);
      e.step = (a: number) => {
        const r = step(a);
        r.observation[1] = Number.NaN;
        return r;
      };
    });
    expect(checks(checkEnv(nan))).toEqual(["observation-in-space"]);
    expect(checkEnv(nan)[0]?.message).toMatch(/^step\(\d\): observation\[1\] is NaN/);
    const outside = broken((e) => {
      Object.defineProperty(e, "observationSpace", { value: new Box(0, 1.5, [2]) });
    });
    expect(checkEnv(outside)[0]?.message).toMatch(/observation\[0\] = \d\.\d+ is outside \[0, 1\.5\]/);
  });

  it("finds non-boolean flags, bad rewards, bad infos and broken return shapes", () => {
    const flags = broken((e) => {
      const step = e.step.bind(e);
      e.step = (a: number) => ({ ...step(a), terminated: 0 as unknown as boolean });
    });
    expect(errors(checkEnv(flags))).toContainEqual({
      severity: "error",
      check: "terminated",
      message: "step(1) returned terminated = 0; it must be a boolean.",
    });
    const reward = broken((e) => {
      const step = e.step.bind(e);
      e.step = (a: number) => ({ ...step(a), reward: Number.NaN });
    });
    expect(checks(checkEnv(reward))).toEqual(["reward"]);
    const info = broken((e) => {
      const step = e.step.bind(e);
      e.step = (a: number) => ({ ...step(a), info: null as unknown as Record<string, unknown> });
    });
    expect(checks(checkEnv(info))).toEqual(["info"]);
    const tuple = broken((e) => {
      e.reset = (() => [new Float32Array(2), {}]) as unknown as typeof e.reset;
    });
    expect(checks(checkEnv(tuple))).toContain("reset-return");
    const stepTuple = broken((e) => {
      e.step = (() => [new Float32Array(2), 1, false, false, {}]) as unknown as typeof e.step;
    });
    expect(errors(checkEnv(stepTuple))[0]?.message).toMatch(/returned an object without observation, reward/);
  });

  it("finds nondeterministic steps and invalid action samples", () => {
    let n = 0;
    const noisy = broken((e) => {
      const step = e.step.bind(e);
      e.step = (a: number) => ({ ...step(a), reward: n++ });
    });
    expect(checks(checkEnv(noisy))).toEqual(["step-determinism"]);
    const lying: Space<number> = {
      ...new Discrete(2),
      shape: [],
      dtype: "int64",
      contains: (_x: unknown): _x is number => false,
      sample: () => 5,
      toJSON: () => ({ type: "Discrete", n: 2, start: 0 }),
    };
    const badActions = broken((e) => {
      Object.defineProperty(e, "actionSpace", { value: lying });
    });
    expect(checks(checkEnv(badActions))).toContain("action-sample");
  });

  it("never throws: throwing methods, missing members and non-envs become findings", () => {
    const throwing = broken((e) => {
      e.step = () => {
        throw new Error("kaboom");
      };
    });
    expect(errors(checkEnv(throwing))).toContainEqual(
      expect.objectContaining({ check: "step", message: "step(1) threw: Error: kaboom" }),
    );
    const resetThrows = broken((e) => {
      e.reset = () => {
        throw new RangeError("no");
      };
    });
    expect(() => checkEnv(resetThrows)).not.toThrow();
    expect(checks(checkEnv(resetThrows))).toContain("reset");
    expect(checkEnv(null as unknown as Env<unknown, unknown>)).toEqual([
      { severity: "error", check: "env", message: "expected an env object, got null." },
    ]);
    expect(checks(checkEnv({} as Env<unknown, unknown>))).toEqual(["env"]);
    const noSpace = broken((e) => {
      Object.defineProperty(e, "observationSpace", { value: 3 });
    });
    expect(checkEnv(noSpace)).toEqual([
      { severity: "error", check: "spaces", message: "observationSpace is not a Space: 3." },
    ]);
    const hostile = broken((e) => {
      Object.defineProperty(e, "metadata", {
        get() {
          throw new Error("metadata getter");
        },
      });
    });
    expect(checkEnv(hostile)).toContainEqual(expect.objectContaining({ check: "check-env" }));
  });

  it("checks render modes: declared, fps, and what render() returns", () => {
    const undeclared = new FiniteChainEnv(3, { renderMode: "rgb_array" });
    expect(checkEnv(undeclared)).toEqual([
      {
        severity: "error",
        check: "render",
        message: 'env.renderMode is "rgb_array", which metadata.renderModes (["ansi"]) does not declare.',
      },
    ]);
    const noFps = broken((e) => {
      Object.defineProperty(e, "metadata", { value: { renderModes: ["ansi"] } });
    });
    expect(checkEnv(noFps)[0]?.message).toMatch(/renderFps is not declared/);
    const wrongType = new FiniteChainEnv(3, { renderMode: "ansi" });
    wrongType.render = () => undefined;
    expect(checkEnv(wrongType)[0]?.message).toBe(
      'render() in mode "ansi" must return a string, got undefined.',
    );
    expect(checkEnv(wrongType, { skipRenderCheck: true })).toEqual([]);
  });

  it("warns when checking a wrapped env and checks close() twice on a copy", () => {
    const registry = new Registry();
    registry.register({ id: "Chain-v0", entry: () => new FiniteChainEnv(4), maxEpisodeSteps: 3 });
    const env = registry.make("Chain-v0");
    const findings = checkEnv(env, { makeCopy: () => registry.make("Chain-v0") });
    expect(findings).toEqual([expect.objectContaining({ severity: "warning", check: "wrapped" })]);
    let closes = 0;
    const fragile = () => {
      const e = new FiniteChainEnv();
      e.close = () => {
        if (closes++ > 0) throw new Error("already closed");
      };
      return e as Env<unknown, unknown>;
    };
    expect(checkEnv(new FiniteChainEnv(), { makeCopy: fragile }).map((f) => f.check)).toEqual([
      "close",
      "close",
    ]);
  });

  it("is deterministic itself and quick on a long rollout", () => {
    const env = new FiniteChainEnv(7);
    expect(checkEnv(env, { steps: 2000, seed: 9 })).toEqual([]);
    expect(createRng(1).uint32()).toBe(createRng(1).uint32());
  });
});
