import { type Env, GymkitError, Registry } from "@gymkit/core";
import { describe, expect, it, vi } from "vitest";
import { CartPoleEnv } from "./cartpole-env.js";
import cartpole from "./index.js";

const registry = new Registry().use(cartpole);
const BAD_ACTIONS: unknown[] = [2, -1, 0.5, Number.NaN, "1"];

describe("CartPoleEnv", () => {
  it("registers v0 and v1 with Gymnasium's limits and thresholds", () => {
    expect(registry.ids("env")).toEqual(["CartPole-v0", "CartPole-v1"]);
    expect(registry.spec("CartPole-v0")).toMatchObject({ maxEpisodeSteps: 200, rewardThreshold: 195 });
    expect(registry.spec("CartPole-v1")).toMatchObject({ maxEpisodeSteps: 500, rewardThreshold: 475 });
    const env = registry.make("CartPole-v1");
    expect(env.unwrapped).toBeInstanceOf(CartPoleEnv);
    expect(String(env.actionSpace)).toBe("Discrete(2)");
    expect(env.observationSpace.shape).toEqual([4]);
    expect(env.metadata.renderFps).toBe(50);
  });

  it.each(BAD_ACTIONS)(
    "step(%s) throws a RangeError naming the action and Discrete(2), unwrapped and made",
    (a) => {
      const bare = new CartPoleEnv();
      bare.reset({ seed: 0 });
      const made = registry.make<Env>("CartPole-v1");
      made.reset({ seed: 0 });
      const shown = typeof a === "string" ? `"${a}"` : String(a);
      for (const env of [bare, made]) {
        let error: unknown;
        try {
          env.step(a as number);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(RangeError);
        expect((error as Error).message).toContain(shown);
        expect((error as Error).message).toContain("Discrete(2)");
      }
    },
  );

  it.each([-1, 1.5, "x"])("reset({ seed: %s }) throws naming the seed rule", (seed) => {
    for (const env of [new CartPoleEnv(), registry.make("CartPole-v1")]) {
      expect(() => env.reset({ seed: seed as number })).toThrow(/seed must be a non-negative integer/);
      expect(() => env.reset({ seed: seed as number })).toThrow(GymkitError);
    }
  });

  it("unknown make kwargs throw naming the allowed ones", () => {
    expect(() => registry.make("CartPole-v1", { sutton_barto_reward: true })).toThrow(
      'Invalid config at make("CartPole-v1").sutton_barto_reward: unknown option "sutton_barto_reward" for environment "CartPole-v1". Did you mean "suttonBartoReward"? Allowed options: kinematicsIntegrator, suttonBartoReward, renderMode, copyObservations, warn, maxEpisodeSteps, disableEnvChecker.',
    );
    expect(() => registry.make("CartPole-v1", { maxEpisodeStep: 10 })).toThrow(
      'Invalid config at make("CartPole-v1").maxEpisodeStep: unknown option "maxEpisodeStep" for environment "CartPole-v1". Did you mean "maxEpisodeSteps"? Allowed options: kinematicsIntegrator, suttonBartoReward, renderMode, copyObservations, warn, maxEpisodeSteps, disableEnvChecker.',
    );
    expect(() => registry.make("CartPole-v1", { disableEnvChecker: "no" })).toThrow(
      'Invalid config at make("CartPole-v1").disableEnvChecker: expected true or false, got "no".',
    );
    expect(() => registry.make("CartPole-v1", { kinematicsIntegrator: "rk4" })).toThrow(
      'Invalid config at make("CartPole-v1").kinematicsIntegrator: expected one of "euler", "semi-implicit-euler", got "rk4".',
    );
    expect(() => registry.make("CartPole-v1", { renderMode: "human" })).toThrow(
      'Invalid config at make("CartPole-v1").renderMode: expected one of "ansi", "rgb_array", "svg", got "human".',
    );
    expect(() => registry.make("CartPole-v1", { suttonBartoReward: 1 })).toThrow(
      'Invalid config at make("CartPole-v1").suttonBartoReward: expected true or false, got 1.',
    );
    expect(() => new CartPoleEnv({ warn: "stderr" } as never)).toThrow(
      'Invalid config at CartPole.warn: expected a function (message) => void, got "stderr".',
    );
    expect(() => new CartPoleEnv([] as never)).toThrow(
      "Invalid config at CartPole: expected an object of options, got [].",
    );
  });

  it("step before reset throws", () => {
    expect(() => new CartPoleEnv().step(0)).toThrow(/before reset/);
  });

  it("reset with a seed restarts the generator; reset without continues it", () => {
    const a = new CartPoleEnv();
    const first = Array.from(a.reset({ seed: 42 }).observation);
    const second = Array.from(a.reset().observation);
    expect(Array.from(a.reset({ seed: 42 }).observation)).toEqual(first);
    expect(Array.from(a.reset().observation)).toEqual(second);
    expect(second).not.toEqual(first);
    // Gymnasium's documented values (printed to 8 digits; the golden test checks them exactly).
    const near = (obs: Float32Array, want: number[]) =>
      want.forEach((w, i) => {
        expect(obs[i]).toBeCloseTo(w, 8);
      });
    near(a.reset({ seed: 42 }).observation, [0.027395604, -0.006112156, 0.035859793, 0.019736802]);
    near(
      a.reset({ seed: 123, options: { low: -0.1, high: 0.1 } }).observation,
      [0.03647037, -0.0892358, -0.05592803, -0.06312564],
    );
  });

  it("an unseeded env draws its initial state from OS entropy", () => {
    const a = Array.from(new CartPoleEnv().reset().observation);
    const b = Array.from(new CartPoleEnv().reset().observation);
    expect(a).not.toEqual(b);
    for (const v of a) expect(Math.abs(v)).toBeLessThanOrEqual(0.05);
  });

  it("reset bounds follow maybe_parse_reset_bounds", () => {
    const env = new CartPoleEnv();
    // Only low given: high stays 0.05, so low > high.
    expect(() => env.reset({ seed: 1, options: { low: 0.5 } })).toThrow(
      /lower bound \(0.5\).*upper bound \(0.05\)/,
    );
    expect(() => env.reset({ options: { high: "big" } })).toThrow(
      /options.high must be a finite number, got "big"/,
    );
    expect(Array.from(env.reset({ seed: 1, options: { low: 0.25, high: 0.25 } }).observation)).toEqual([
      0.25, 0.25, 0.25, 0.25,
    ]);
    const { observation } = env.reset({ seed: 1, options: { low: 1, high: 2 } });
    for (const v of observation) expect(v >= 1 && v < 2).toBe(true);
  });

  it("reuses the observation buffer and result object unless copyObservations", () => {
    const env = new CartPoleEnv();
    const { observation } = env.reset({ seed: 0 });
    const r1 = env.step(1);
    const r2 = env.step(0);
    expect(r1).toBe(r2);
    expect(r1.observation).toBe(observation);
    const copying = new CartPoleEnv({ copyObservations: true });
    const o0 = copying.reset({ seed: 0 }).observation;
    const c1 = copying.step(1);
    const c2 = copying.step(0);
    expect(c1).not.toBe(c2);
    expect(c1.observation).not.toBe(c2.observation);
    expect(c1.observation).not.toBe(o0);
    expect(c2.observation).toEqual(r2.observation);
  });

  it("steps after termination warn once and give reward 0 (-1 with suttonBartoReward)", () => {
    for (const [sb, after] of [
      [false, 0],
      [true, -1],
    ] as const) {
      const warn = vi.fn();
      const env = new CartPoleEnv({ suttonBartoReward: sb, warn });
      env.reset({ seed: 0 });
      let r = env.step(1);
      while (!r.terminated) r = env.step(1);
      expect(r.reward).toBe(sb ? -1 : 1);
      for (let i = 0; i < 3; i++) {
        r = env.step(1);
        expect(r.reward).toBe(after);
        expect(r.terminated).toBe(true);
      }
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]![0]).toMatch(/already returned terminated = true/);
      env.reset();
      expect(env.step(0).reward).toBe(sb ? 0 : 1);
    }
  });

  it("exposes the float64 state for reading and writing, like env.unwrapped.state", () => {
    const env = new CartPoleEnv();
    expect(env.state).toBeUndefined();
    env.state = [0, 0, 0.1, 0];
    const { observation } = env.step(0);
    expect(env.state![2]).toBeCloseTo(0.1, 10);
    expect(observation[2]).toBe(Math.fround(env.state![2]));
    expect(() => {
      env.state = [1, 2, 3];
    }).toThrow(/4 numbers/);
  });

  it("the semi-implicit integrator uses the new velocity for the position", () => {
    const euler = new CartPoleEnv();
    const semi = new CartPoleEnv({ kinematicsIntegrator: "semi-implicit-euler" });
    euler.state = [0, 0, 0, 0];
    semi.state = [0, 0, 0, 0];
    euler.step(1);
    semi.step(1);
    expect(euler.state![0]).toBe(0); // x + tau * old x_dot (0)
    expect(semi.state![0]).toBe(0.02 * semi.state![1]);
  });

  it("truncates through make at exactly maxEpisodeSteps, and honours a make-level override", () => {
    const env = registry.make<Env>("CartPole-v0", { maxEpisodeSteps: 3 });
    env.reset({ seed: 0 });
    expect(env.step(0).truncated).toBe(false);
    expect(env.step(1).truncated).toBe(false);
    expect(env.step(0).truncated).toBe(true);
    env.reset();
    expect(env.step(1).truncated).toBe(false); // the reused result object was cleared
  });
});

describe("reset arguments (issue-9 probe)", () => {
  it("are checked: an object, with low/high options only", () => {
    const env = new CartPoleEnv();
    expect(() => env.reset(null as never)).toThrow("CartPole.reset: expected { seed?, options? }, got null.");
    expect(() => env.reset(5 as never)).toThrow("CartPole.reset: expected { seed?, options? }, got 5.");
    expect(() => env.reset({ options: 5 as never })).toThrow(
      "CartPole.reset: options must be an object { low?, high? }, got 5.",
    );
    expect(() => env.reset({ options: { hihg: 0.1 } })).toThrow(
      'CartPole.reset: unknown option "hihg"; CartPole\'s reset takes low and high (the bounds of the initial state). Did you mean "high"?',
    );
  });
});
