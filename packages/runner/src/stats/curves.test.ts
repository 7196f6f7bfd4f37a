import { createRng, GymkitError } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { bootstrapCi } from "./bootstrap.js";
import { curveBand } from "./curves.js";

describe("curveBand", () => {
  it("gives the mean across seeds and a bootstrap band per evaluation", () => {
    const curves = [
      [10, 50, 200],
      [20, 70, 300],
      [30, 90, 400],
    ];
    const band = curveBand(curves, { rng: createRng(1), statistic: "mean" });
    expect(band.value).toEqual([20, 70, 300]);
    expect(band.observed).toEqual([3, 3, 3]);
    band.value.forEach((m, i) => {
      expect(band.lo[i]).toBeLessThanOrEqual(m);
      expect(band.hi[i]).toBeGreaterThanOrEqual(m);
    });
    // Index by index with one generator: the same as bootstrapCi of each column in turn.
    const rng = createRng(1);
    const columns = [0, 1, 2].map((i) =>
      bootstrapCi([curves[0]![i]!, curves[1]![i]!, curves[2]![i]!], "mean", { rng }),
    );
    expect(columns.map(([lo]) => lo)).toEqual(band.lo);
    expect(columns.map(([, hi]) => hi)).toEqual(band.hi);
  });

  it("carries the last value of a run that stopped early forward, and counts who really evaluated", () => {
    // Seed 0 reached 500 at its second evaluation and stopped (stopAtMean); seed 1 ran on.
    const band = curveBand(
      [
        [100, 500],
        [50, 150, 300, 480],
      ],
      { reps: 200, rng: createRng(2) },
    );
    expect(band.value).toEqual([75, 325, 400, 490]); // IQM of 2 values: their mean
    expect(band.observed).toEqual([2, 2, 1, 1]);
    expect(band.lo[3]).toBeGreaterThanOrEqual(480);
    expect(band.hi[3]).toBeLessThanOrEqual(500);
  });

  it("is deterministic for a seed and collapses for one seed", () => {
    const curves = [
      [1, 2, 3],
      [3, 1, 2],
      [2, 2, 9],
    ];
    expect(curveBand(curves, { rng: createRng(4) })).toEqual(curveBand(curves, { rng: createRng(4) }));
    expect(curveBand([[5, 6]], { rng: createRng(0) })).toEqual({
      value: [5, 6],
      lo: [5, 6],
      hi: [5, 6],
      observed: [1, 1],
    });
  });

  it("by default aggregates with the IQM, as the headline does: a collapsed seed does not drag it down", () => {
    // 8 seeds: at the last evaluation 6 are at 500, one at 480, one collapsed to 9.
    const curves = [500, 500, 500, 500, 500, 500, 480, 9].map((end) => [100, end]);
    const iqm = curveBand(curves, { rng: createRng(3) });
    const mean = curveBand(curves, { rng: createRng(3), statistic: "mean" });
    expect(iqm.value).toEqual([100, 500]); // trims 2 from each end: the middle four are 500
    expect(mean.value[1]).toBeCloseTo((6 * 500 + 480 + 9) / 8, 10);
    // The IQM band is the bootstrap interval of the IQM at each index, drawn in order.
    const rng = createRng(3);
    const expected = [0, 1].map((i) =>
      bootstrapCi(
        curves.map((c) => c[i]!),
        "iqm",
        { rng },
      ),
    );
    expect(expected).toEqual([0, 1].map((i) => [iqm.lo[i], iqm.hi[i]]));
    expect(() => curveBand(curves, { rng: createRng(3), statistic: "median" as "mean" })).toThrow(
      'curveBand: statistic must be "iqm" or "mean", got "median".',
    );
  });

  it("refuses no curves, and a curve without evaluations, saying what to do", () => {
    expect(() => curveBand([], { rng: createRng(0) })).toThrow(
      new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        "curveBand: curves is empty; need one curve (evaluation returns) per seed.",
      ),
    );
    expect(() => curveBand([[1], []], { rng: createRng(0) })).toThrow(
      "curveBand: curves[1] has no evaluations, so there is no value to carry forward. Leave that run out of the curve.",
    );
    expect(() => curveBand([[1, Number.NaN]], { rng: createRng(0) })).toThrow(
      "curveBand: curves[0][1] is NaN;",
    );
  });
});
