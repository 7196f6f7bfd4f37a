import { RevoluteJoint } from "planck";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FastRevoluteJoint } from "./fast-revolute-joint.js";
import { heuristic } from "./heuristic.js";
import { LcgPolicy } from "./lcg.js";
import { LunarLanderEnv } from "./lunar-lander-env.js";

/** Every observation and reward of an episode, as exact numbers. */
function episode(seed: number, continuous: boolean, policy: "lcg" | "heuristic"): number[] {
  const env = new LunarLanderEnv({ continuous });
  let { observation } = env.reset({ seed });
  const lcg = new LcgPolicy(seed);
  const out = Array.from(observation);
  for (let t = 0; t < 400; t++) {
    const action =
      policy === "heuristic"
        ? heuristic(observation, continuous)
        : continuous
          ? lcg.continuous()
          : lcg.discrete();
    const r = env.step(action);
    observation = r.observation;
    out.push(...observation, r.reward);
    if (r.terminated) break;
  }
  return out;
}

describe("FastRevoluteJoint", () => {
  afterEach(() => vi.restoreAllMocks());

  it("gives bit-identical episodes to planck's own RevoluteJoint (limits, motor, landings)", () => {
    const cases = [
      [0, false, "lcg"],
      [7, true, "lcg"],
      [1, false, "heuristic"], // lands: limits engaged, legs on the ground, then asleep
      [2, true, "heuristic"],
    ] as const;
    const fast = cases.map(([seed, continuous, policy]) => episode(seed, continuous, policy));
    // planck's allocating solve, on the same subclass: the override bypassed.
    const spy = vi
      .spyOn(FastRevoluteJoint.prototype, "solveVelocityConstraints")
      .mockImplementation(function (this: FastRevoluteJoint, step) {
        RevoluteJoint.prototype.solveVelocityConstraints.call(this, step);
      });
    const reference = cases.map(([seed, continuous, policy]) => episode(seed, continuous, policy));
    expect(spy).toHaveBeenCalled();
    for (let i = 0; i < cases.length; i++) {
      expect(fast[i]!.length, `case ${i}`).toBeGreaterThan(9 * 60);
      expect(fast[i], `case ${i}`).toEqual(reference[i]);
    }
  });
});
