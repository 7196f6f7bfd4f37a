import { GymkitError } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { A, B } from "../../test/stats-reference.js";
import { probabilityOfImprovement } from "./improvement.js";

describe("probabilityOfImprovement (rliable, one task)", () => {
  it("matches the issue: P(A > B) = 0.86, P(B > A) = 0.14", () => {
    expect(probabilityOfImprovement(A, B)).toBeCloseTo(0.86, 12);
    expect(probabilityOfImprovement(B, A)).toBeCloseTo(0.14, 12);
  });

  it("matches Mann-Whitney U / (n_x n_y) with ties", () => {
    // Computed with scipy 1.17.1:
    //   mannwhitneyu(A, C, alternative="greater").statistic / (10 * 6) -> 0.6083333333333333
    const C = [500, 12, 455, 455, 0, 500];
    expect(probabilityOfImprovement(A, C)).toBeCloseTo(0.6083333333333333, 12);
    expect(probabilityOfImprovement([2, 3], [1, 3])).toBe(0.625);
  });

  it("is symmetric: P(X > Y) + P(Y > X) = 1", () => {
    const pairs: Array<[number[], number[]]> = [
      [A, B],
      [A, [500, 12, 455, 455, 0, 500]],
      [[1], [1]],
      [
        [1, 2, 3],
        [3, 2],
      ],
      [
        [7, 7, 7],
        [7, 7],
      ],
    ];
    for (const [x, y] of pairs) {
      expect(probabilityOfImprovement(x, y) + probabilityOfImprovement(y, x)).toBeCloseTo(1, 14);
    }
  });

  it("gives 0.5 for identical samples and all ties, 1 and 0 for separated ones", () => {
    expect(probabilityOfImprovement(A, A)).toBe(0.5);
    expect(probabilityOfImprovement([500, 500], [500, 500, 500])).toBe(0.5);
    expect(probabilityOfImprovement([2, 3], [0, 1])).toBe(1);
    expect(probabilityOfImprovement([0, 1], [2, 3])).toBe(0);
    expect(probabilityOfImprovement([3], [2])).toBe(1);
  });

  it("refuses an empty sample, naming which one", () => {
    expect(() => probabilityOfImprovement(A, [])).toThrow(
      new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        "probabilityOfImprovement: y is empty; need at least one value (e.g. one final score per seed).",
      ),
    );
  });
});
