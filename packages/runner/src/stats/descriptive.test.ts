import { GymkitError } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { A, B } from "../../test/stats-reference.js";
import { iqm, iqmSorted, mean, median, quantile } from "./descriptive.js";

// A sample with negatives, ties and fractions; its prefixes give n = 1..11.
const X = [3.5, -1, 7, 2, 2, 10, 0.25, 4, -6, 8, 1.5];

describe("mean, median, iqm: the issue's reference values", () => {
  it("matches the issue to 4 decimals", () => {
    expect(iqm(A)).toBeCloseTo(458.7667, 4);
    expect(iqm(B)).toBeCloseTo(32.7667, 4);
    expect(mean(A)).toBeCloseTo(378.59, 4);
    expect(median(A)).toBeCloseTo(493.7, 4);
    expect(iqm([1, 2, 3, 4, 5, 6, 7])).toBe(4);
  });

  it("matches scipy/numpy to ~1e-12 on prefixes of X (n = 1..11)", () => {
    // Computed with numpy 2.4.6 / scipy 1.17.1 on this machine:
    //   x = np.array([3.5, -1, 7, 2, 2, 10, 0.25, 4, -6, 8, 1.5])[:n]
    //   repr(scipy.stats.trim_mean(x, 0.25)), repr(np.median(x)), repr(x.mean())
    const reference: Record<number, [iqm: number, median: number, mean: number]> = {
      1: [3.5, 3.5, 3.5],
      2: [1.25, 1.25, 1.25],
      3: [3.1666666666666665, 3.5, 3.1666666666666665],
      4: [2.75, 2.75, 2.875],
      5: [2.5, 2.0, 2.7],
      6: [3.625, 2.75, 3.9166666666666665],
      7: [2.95, 2.0, 3.392857142857143],
      8: [2.875, 2.75, 3.46875],
      9: [2.35, 2.0, 2.4166666666666665],
      11: [2.892857142857143, 2.0, 2.840909090909091],
    };
    for (const [n, [q, m, mu]] of Object.entries(reference)) {
      const x = X.slice(0, Number(n));
      expect(iqm(x), `iqm n=${n}`).toBeCloseTo(q, 12);
      expect(median(x), `median n=${n}`).toBeCloseTo(m, 12);
      expect(mean(x), `mean n=${n}`).toBeCloseTo(mu, 12);
    }
  });

  it("trims floor(n/4) from each end: nothing below n = 4, one each at n = 4..7", () => {
    expect(iqm([5])).toBe(5);
    expect(iqm([1, 9])).toBe(5);
    expect(iqm([1, 2, 9])).toBe(4); // n = 3: floor(0.75) = 0, the plain mean
    expect(iqm([100, 1, 2, -100])).toBe(1.5); // n = 4: the middle two
    expect(iqmSorted(Float64Array.of(-100, 1, 2, 100))).toBe(1.5);
  });

  it("handles all ties", () => {
    const ties = [500, 500, 500, 500, 500];
    expect(mean(ties)).toBe(500);
    expect(median(ties)).toBe(500);
    expect(iqm(ties)).toBe(500);
    expect(quantile(ties, 0.3)).toBe(500);
  });

  it("never reorders the caller's array", () => {
    const x = [3, 1, 2];
    iqm(x);
    median(x);
    quantile(x, 0.5);
    expect(x).toEqual([3, 1, 2]);
  });
});

describe("quantile: numpy's default 'linear' method", () => {
  it("matches np.quantile", () => {
    // Computed with numpy 2.4.6: repr(np.quantile(x, q)) for x = X, A and [1.0, 2.0].
    const qs = [0, 0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975, 1];
    const onX = [-6.0, -4.75, -1.0, 0.875, 2.0, 5.5, 8.0, 9.5, 10.0];
    const onA = [12.0, 14.092500000000001, 20.37, 346.4, 493.7, 500.0, 500.0, 500.0, 500.0];
    const onTwo = [1.0, 1.025, 1.1, 1.25, 1.5, 1.75, 1.9, 1.975, 2.0];
    qs.forEach((q, i) => {
      expect(quantile(X, q), `X q=${q}`).toBeCloseTo(onX[i]!, 12);
      expect(quantile(A, q), `A q=${q}`).toBeCloseTo(onA[i]!, 12);
      expect(quantile([2, 1], q), `[1, 2] q=${q}`).toBeCloseTo(onTwo[i]!, 12);
    });
  });

  it("returns the extremes exactly at q = 0 and 1, and the value for n = 1", () => {
    expect(quantile([0.1, 0.7, 0.3], 1)).toBe(0.7);
    expect(quantile([0.1, 0.7, 0.3], 0)).toBe(0.1);
    expect(quantile([42], 0.37)).toBe(42);
  });

  it("refuses q outside [0, 1], saying how to pass a percentile", () => {
    expect(() => quantile(A, 97.5)).toThrow(
      new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        "quantile: q must be a number in [0, 1], got 97.5. For a percentile p, pass p / 100.",
      ),
    );
    expect(() => quantile(A, Number.NaN)).toThrow(/q must be a number in \[0, 1\], got NaN/);
  });
});

describe("input errors", () => {
  it("refuses an empty sample with a GymkitError that says what to pass", () => {
    for (const [name, f] of [
      ["mean", mean],
      ["median", median],
      ["iqm", iqm],
    ] as const) {
      let error: unknown;
      try {
        f([]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(GymkitError);
      expect((error as GymkitError).code).toBe("GYMKIT_INVALID_ARGUMENT");
      expect((error as GymkitError).message).toBe(
        `${name}: x is empty; need at least one value (e.g. one final score per seed).`,
      );
    }
    expect(() => quantile([], 0.5)).toThrow("quantile: x is empty");
  });

  it("refuses NaN and infinities, naming the index", () => {
    expect(() => iqm([1, Number.NaN, 3])).toThrow(
      "iqm: x[1] is NaN; every value must be a finite number. Drop or fix that run first.",
    );
    expect(() => mean([1, 2, Number.POSITIVE_INFINITY])).toThrow("mean: x[2] is Infinity;");
  });
});
