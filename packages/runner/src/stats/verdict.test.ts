import { describe, expect, it } from "vitest";
import type { ConfidenceInterval } from "./bootstrap.js";
import {
  chanceOfSeparation,
  isDegenerate,
  type JudgeInput,
  judge,
  MIN_SEEDS_FOR_VERDICT,
} from "./verdict.js";

/** Variants with n seeds, an IQM and its interval; P(first > second) as given. */
function input(
  variants: Array<[name: string, seeds: number, iqm: number, ci95: ConfidenceInterval]>,
  poi: ConfidenceInterval = [0.9, 1],
): JudgeInput {
  const [a, b] = variants.map((v) => v[0]);
  return {
    variants: Object.fromEntries(
      variants.map(([name, n, iqm, ci95]) => [
        name,
        { seeds: Array.from({ length: n }, (_, i) => i), finalScore: { mean: iqm, median: iqm, iqm, ci95 } },
      ]),
    ),
    probabilityOfImprovement:
      b === undefined
        ? {}
        : {
            [a!]: { [b]: { value: (poi[0] + poi[1]) / 2, ci95: poi } },
            [b]: { [a!]: { value: 1 - (poi[0] + poi[1]) / 2, ci95: [1 - poi[1], 1 - poi[0]] } },
          },
  };
}

describe("chanceOfSeparation", () => {
  it("is 2 / C(n + m, n): the chance that equally good variants separate completely", () => {
    expect(chanceOfSeparation(1, 1)).toBe(1);
    expect(chanceOfSeparation(2, 2)).toBeCloseTo(1 / 3, 15);
    expect(chanceOfSeparation(3, 3)).toBeCloseTo(0.1, 15);
    expect(chanceOfSeparation(4, 4)).toBeCloseTo(2 / 70, 15);
    expect(chanceOfSeparation(5, 5)).toBeCloseTo(2 / 252, 15);
    expect(chanceOfSeparation(10, 2)).toBeCloseTo(2 / 66, 15);
    // C(60, 30) = 118 264 581 564 861 424 ≈ 1.1826e17: still finite and tiny.
    expect(chanceOfSeparation(30, 30) * 1.1826458156486e17).toBeCloseTo(2, 10);
  });

  it("5 seeds is the first count at which both the chance (< 5%) and the minimum hold", () => {
    expect(MIN_SEEDS_FOR_VERDICT).toBe(5);
    expect(chanceOfSeparation(3, 3)).toBeGreaterThan(0.05);
    expect(chanceOfSeparation(MIN_SEEDS_FOR_VERDICT, MIN_SEEDS_FOR_VERDICT)).toBeLessThan(0.01);
  });
});

describe("judge", () => {
  it("needs the seeds, the disjoint IQM intervals and P's interval above 0.5, in that order", () => {
    const clear = judge(
      input([
        ["a", 5, 400, [350, 450]],
        ["b", 5, 100, [50, 150]],
      ]),
    )!;
    expect(clear).toEqual({
      leader: "a",
      runnerUp: "b",
      clear: true,
      reason: "clear",
      seeds: 5,
      minSeeds: 5,
      chanceOfSeparation: 2 / 252,
      degenerate: [],
    });
    expect(
      judge(
        input([
          ["a", 4, 400, [350, 450]],
          ["b", 9, 100, [50, 150]],
        ]),
      ),
    ).toMatchObject({
      clear: false,
      reason: "too-few-seeds",
      seeds: 4,
    });
    expect(
      judge(
        input([
          ["a", 5, 400, [140, 450]],
          ["b", 5, 100, [50, 150]],
        ]),
      )!.reason,
    ).toBe("intervals-overlap");
    expect(
      judge(
        input(
          [
            ["a", 5, 400, [350, 450]],
            ["b", 5, 100, [50, 150]],
          ],
          [0.5, 0.9],
        ),
      )!.reason,
    ).toBe("improvement-includes-half");
  });

  it("ranks by IQM whatever the order given, names degenerate intervals, and handles one variant", () => {
    const j = judge(
      input(
        [
          ["low", 2, 9, [9, 9]],
          ["high", 2, 500, [500, 500]],
        ],
        [0, 0],
      ),
    )!;
    expect(j).toMatchObject({ leader: "high", runnerUp: "low", reason: "too-few-seeds" });
    expect(j.degenerate).toEqual(["IQM of high", "IQM of low", "P(high > low)"]);
    expect(judge(input([["solo", 3, 200, [100, 300]]]))).toEqual({
      leader: "solo",
      runnerUp: null,
      clear: false,
      reason: "single-variant",
      seeds: 3,
      minSeeds: 5,
      chanceOfSeparation: null,
      degenerate: [],
    });
    expect(judge({ variants: {}, probabilityOfImprovement: {} })).toBeUndefined();
    expect(isDegenerate([1, 1])).toBe(true);
    expect(isDegenerate([0.99, 1])).toBe(false);
  });
});
