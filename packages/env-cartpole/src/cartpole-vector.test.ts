import { createRng, type Env, GymkitError, Registry, type VectorEnv } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { CartPoleVector } from "./cartpole-vector.js";
import cartpole from "./index.js";

const registry = new Registry().use(cartpole);

/**
 * Steps `vec` and n scalar `make` envs (seeds seed + i) side by side with random actions,
 * emulating the vector's autoreset mode on the scalar side, and checks every number.
 */
function compareWithScalars(
  vec: CartPoleVector,
  id: string,
  options: Record<string, unknown>,
  seed: number,
  steps: number,
): { episodes: number } {
  const n = vec.numEnvs;
  const envs = Array.from({ length: n }, () => registry.make<Env>(id, options));
  const first = vec.reset({ seed });
  const pending = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) {
    const { observation } = envs[i]!.reset({ seed: seed + i });
    expect(Array.from(first.observations.subarray(4 * i, 4 * i + 4))).toEqual(Array.from(observation));
    expect(vec.stateOf(i)).toEqual((envs[i]!.unwrapped as unknown as { state: number[] }).state);
  }
  const rng = createRng(seed);
  const actions = new Int32Array(n);
  let episodes = 0;
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < n; i++) actions[i] = rng.int(2);
    const r = vec.step(actions);
    for (let i = 0; i < n; i++) {
      const env = envs[i]!;
      const row = Array.from(r.observations.subarray(4 * i, 4 * i + 4));
      if (pending[i]) {
        // next-step: this step resets sub-env i; its action is ignored.
        pending[i] = false;
        expect(row).toEqual(Array.from(env.reset().observation));
        expect([r.rewards[i], r.terminated[i], r.truncated[i]]).toEqual([0, 0, 0]);
        continue;
      }
      const s = env.step(actions[i]!);
      expect([r.rewards[i], r.terminated[i], r.truncated[i]], `env ${i} step ${t}`).toEqual([
        s.reward,
        Number(s.terminated),
        Number(s.truncated),
      ]);
      const done = s.terminated || s.truncated;
      if (done) episodes++;
      if (done && vec.autoresetMode === "same-step") {
        expect(Array.from(r.finalObservations!.subarray(4 * i, 4 * i + 4))).toEqual(
          Array.from(s.observation),
        );
        expect(row).toEqual(Array.from(env.reset().observation));
      } else {
        expect(row, `env ${i} step ${t}`).toEqual(Array.from(s.observation));
        if (done) pending[i] = true;
      }
      expect(vec.stateOf(i)).toEqual((env.unwrapped as unknown as { state: number[] }).state);
    }
  }
  return { episodes };
}

/** makeVec's result is CartPoleVector inside core's vector env checker. */
const unwrap = (vec: VectorEnv): CartPoleVector =>
  (vec as unknown as { unwrapped: CartPoleVector }).unwrapped;

describe("CartPoleVector", () => {
  it("makeVec picks CartPoleVector with the registered time limit", () => {
    const vec = registry.makeVec("CartPole-v0", 3);
    expect(unwrap(vec)).toBeInstanceOf(CartPoleVector);
    expect(unwrap(vec).maxEpisodeSteps).toBe(200);
    expect(vec.autoresetMode).toBe("next-step");
    expect(unwrap(registry.makeVec("CartPole-v1", 2)).maxEpisodeSteps).toBe(500);
    expect(registry.makeVec("CartPole-v1", 2, { autoresetMode: "same-step" }).autoresetMode).toBe(
      "same-step",
    );
  });

  it("next-step: identical to n scalar make envs over thousands of steps and many autoresets", () => {
    const vec = unwrap(registry.makeVec("CartPole-v1", 8));
    const { episodes } = compareWithScalars(vec, "CartPole-v1", {}, 100, 3000);
    expect(episodes).toBeGreaterThan(500);
  });

  it("same-step: identical too, with final observations", () => {
    const vec = unwrap(registry.makeVec("CartPole-v1", 5, { autoresetMode: "same-step" }));
    const { episodes } = compareWithScalars(vec, "CartPole-v1", {}, 7, 2000);
    expect(episodes).toBeGreaterThan(300);
  });

  it("truncates each sub-env at maxEpisodeSteps, with Sutton-Barto reward and semi-implicit Euler", () => {
    const options = {
      maxEpisodeSteps: 12,
      suttonBartoReward: true,
      kinematicsIntegrator: "semi-implicit-euler",
    };
    const vec = unwrap(registry.makeVec("CartPole-v1", 4, options));
    const { episodes } = compareWithScalars(vec, "CartPole-v1", options, 3, 1500);
    expect(episodes).toBeGreaterThan(300);
  });

  it("disabled: steps past the end until reset({ mask }) resets the chosen sub-envs", () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    const vec = new CartPoleVector(2, { autoresetMode: "disabled", maxEpisodeSteps: 1000, warn });
    vec.reset({ seed: 0 });
    let r = vec.step([1, 0]);
    while (!r.terminated[0]) r = vec.step([1, 0]);
    r = vec.step([1, 0]);
    expect(r.terminated[0]).toBe(1);
    expect(r.rewards[0]).toBe(0);
    const other = vec.stateOf(1);
    const { observations } = vec.reset({ mask: [true, false] });
    expect(Math.abs(observations[0]!)).toBeLessThanOrEqual(0.05);
    expect(vec.stateOf(1)).toEqual(other);
    expect(vec.step([0, 0]).rewards[0]).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/sub-env 0 stepped after it returned terminated = true/);
  });

  it("seeds: one number gives seed + i, an array one per sub-env", () => {
    const a = new CartPoleVector(3);
    const b = new CartPoleVector(3);
    expect(Array.from(a.reset({ seed: 10 }).observations)).toEqual(
      Array.from(b.reset({ seed: [10, 11, 12] }).observations),
    );
  });

  it("rejects bad actions, seeds, sizes and options with clear messages", () => {
    const vec = new CartPoleVector(2);
    expect(() => vec.step([0, 1])).toThrow(/before reset/);
    vec.reset({ seed: 0 });
    expect(() => vec.step([0, 2])).toThrow(RangeError);
    vec.reset({ seed: 0 });
    expect(() => vec.step([0, 2])).toThrow(/actions\[1\].*invalid action 2.*Discrete\(2\)/);
    expect(() => vec.step([0, 1])).toThrow(
      /before reset\(\) \(or after a step that threw on an invalid action\)/,
    );
    vec.reset({ seed: 0 });
    expect(() => vec.step([0])).toThrow(/expected 2 actions, got 1/);
    for (const bad of [-1, 0.5, Number.NaN, "1"]) {
      vec.reset({ seed: 0 });
      expect(() => vec.step([bad as number, 0])).toThrow(/actions\[0\].*Discrete\(2\)/);
    }
    expect(() => vec.reset({ seed: -1 })).toThrow(GymkitError);
    expect(() => vec.reset({ seed: [1] })).toThrow(/one seed or 2 seeds/);
    expect(() => new CartPoleVector(0)).toThrow(
      "CartPoleVector(n): n must be an integer in [1, 16777216], got 0.",
    );
    expect(() => new CartPoleVector(2 ** 31)).toThrow(
      "CartPoleVector(n): n must be an integer in [1, 16777216], got 2147483648.",
    );
    expect(() => new CartPoleVector(2, { autoresetMode: "sometimes" as "disabled" })).toThrow(
      'Invalid config at CartPoleVector.autoresetMode: expected one of "next-step", "same-step", "disabled", got "sometimes".',
    );
    expect(() => new CartPoleVector(2, { maxEpisodeSteps: 0 })).toThrow(
      "Invalid config at CartPoleVector.maxEpisodeSteps: expected an integer >= 1, got 0.",
    );
    expect(() => registry.makeVec("CartPole-v1", 2, { renderMode: "svg" })).toThrow(
      'Invalid config at makeVec("CartPole-v1").renderMode: unknown option "renderMode" for environment "CartPole-v1". Allowed options: kinematicsIntegrator, suttonBartoReward, maxEpisodeSteps, autoresetMode, disableEnvChecker, warn.',
    );
  });

  it("reuses its result buffers", () => {
    const vec = new CartPoleVector(4);
    const { observations } = vec.reset({ seed: 1 });
    const r1 = vec.step([0, 1, 0, 1]);
    const r2 = vec.step([1, 0, 1, 0]);
    expect(r1).toBe(r2);
    expect(r1.observations).toBe(observations);
  });
});
