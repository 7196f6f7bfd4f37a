/**
 * Outcome statistics under the golden data's LCG random policy, against Gymnasium's per-seed
 * outcomes (fixtures/lunar_lander_stats_gymnasium.json.gz, seeds 0-999). This test runs seeds
 * 0-199 (the first 200, ~40 000 steps) of each variant; bench/statistics.ts runs all 1000 and
 * prints the table in the README. The same seed gives the same terrain, push and engine noise, so
 * episodes are compared pairwise: a much stronger check than two independent samples.
 */
import { describe, expect, it } from "vitest";
import { goldenStats } from "./golden.js";
import { lcgRollouts, meanCi } from "./lcg-rollouts.js";

const SEEDS = 200;
const golden = goldenStats();

describe.each([
  ["discrete", false],
  ["continuous", true],
] as const)("LunarLander %s, LCG random policy, seeds 0-199 vs Gymnasium", (_, continuous) => {
  const reference = (continuous ? golden.continuous : golden.discrete).per_episode.slice(0, SEEDS);
  const ours = lcgRollouts(
    reference.map(([seed]) => seed),
    continuous,
  );

  it("ends at least 97% of the episodes at Gymnasium's step, the same way (measured: 99.7% over 1000 seeds)", () => {
    const same = ours.filter(([, length, , by], i) => length === reference[i]![1] && by === reference[i]![3]);
    expect(same.length / SEEDS).toBeGreaterThanOrEqual(0.97);
  });

  it("has a mean return within 2 of Gymnasium's on the same seeds, and a paired 95% interval of the difference that holds 0", () => {
    const diffs = ours.map(([, , ret], i) => ret - reference[i]![2]);
    const d = meanCi(diffs);
    expect(Math.abs(d.mean)).toBeLessThan(2);
    expect(d.lo).toBeLessThanOrEqual(0);
    expect(d.hi).toBeGreaterThanOrEqual(0);
  });

  it("crashes and leaves the screen as often as Gymnasium (counts within 3 of its 200)", () => {
    for (const kind of ["crash", "out_of_bounds"]) {
      const ourCount = ours.filter((r) => r[3] === kind).length;
      const theirs = reference.filter((r) => r[3] === kind).length;
      expect(Math.abs(ourCount - theirs), kind).toBeLessThanOrEqual(3);
    }
  });
});
