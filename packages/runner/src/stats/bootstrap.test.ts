import { createRng, GymkitError } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { A, B } from "../../test/stats-reference.js";
import { bootstrapCi, probabilityOfImprovementCi } from "./bootstrap.js";

describe("bootstrapCi", () => {
  it("equals numpy's percentile interval over the same resamples", () => {
    // The resample indices were drawn with createRng(7) in bootstrapCi's order (2000 replicates,
    // each `rng.int(10)` ten times) and dumped to JSON; numpy 2.4.6 / scipy 1.17.1 then computed
    //   reps = [stat(A[i]) for i in idx]; np.quantile(reps, [0.025, 0.975])
    // with stat = scipy.stats.trim_mean(·, 0.25), np.mean and np.median.
    const at = (statistic: "iqm" | "mean" | "median") => bootstrapCi(A, statistic, { rng: createRng(7) });
    const [iqmLo, iqmHi] = at("iqm");
    expect(iqmLo).toBeCloseTo(248.97083333333336, 9);
    expect(iqmHi).toBeCloseTo(499.98333333333335, 9);
    const [meanLo, meanHi] = at("mean");
    expect(meanLo).toBeCloseTo(251.77274999999997, 9);
    expect(meanHi).toBeCloseTo(489.7299999999999, 9);
    expect(at("median")).toEqual([238.15, 500]);
  });

  it("is deterministic for a seed, and the seed matters", () => {
    const ci = (seed: number) => bootstrapCi(B, "iqm", { rng: createRng(seed) });
    expect(ci(3)).toEqual(ci(3));
    expect(ci(3)).not.toEqual(ci(4));
  });

  it("takes a custom statistic of the reused scratch buffer", () => {
    const seen = new Set<Float64Array>();
    const max = (s: Float64Array) => {
      seen.add(s);
      return Math.max(...s);
    };
    const [lo, hi] = bootstrapCi([1, 2, 3], max, { reps: 50, rng: createRng(1) });
    expect(seen.size).toBe(1);
    expect(lo).toBeGreaterThanOrEqual(1);
    expect(hi).toBe(3);
  });

  it("collapses to the value for n = 1 and for all ties", () => {
    expect(bootstrapCi([421], "iqm", { rng: createRng(0) })).toEqual([421, 421]);
    expect(bootstrapCi([500, 500, 500, 500], "mean", { rng: createRng(0) })).toEqual([500, 500]);
  });

  it("brackets the point estimate on the reference sample, narrower at lower confidence", () => {
    const rng = () => createRng(5);
    const [lo95, hi95] = bootstrapCi(A, "mean", { rng: rng() });
    const [lo50, hi50] = bootstrapCi(A, "mean", { confidence: 0.5, rng: rng() });
    expect(lo95).toBeLessThan(378.59);
    expect(hi95).toBeGreaterThan(378.59);
    expect(lo50).toBeGreaterThan(lo95);
    expect(hi50).toBeLessThan(hi95);
  });

  // Percentile-bootstrap coverage of the mean on synthetic data with a known mean. Fixed seeds, so
  // the count is always the same; the band allows for the binomial spread of 200 trials around
  // ~0.93 (percentile intervals run a little narrow at n = 20: 0.93 over 2000 trials of each
  // distribution; these 200 give 0.945 and 0.935), sd = sqrt(0.93 * 0.07 / 200) = 0.018.
  it.each([
    ["normal(3, 2)", 3, (r: ReturnType<typeof createRng>) => r.normal(3, 2)],
    ["uniform(0, 500)", 250, (r: ReturnType<typeof createRng>) => r.uniform(0, 500)],
  ])("covers the true mean of %s about 95% of the time (200 trials, n = 20)", (_, truth, draw) => {
    const data = createRng(2021).fork("data");
    const boot = createRng(2021).fork("bootstrap");
    const trials = 200;
    let covered = 0;
    const x = new Float64Array(20);
    for (let t = 0; t < trials; t++) {
      for (let i = 0; i < x.length; i++) x[i] = draw(data);
      const [lo, hi] = bootstrapCi(x, "mean", { rng: boot });
      if (lo <= truth && truth <= hi) covered++;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.88);
    expect(covered / trials).toBeLessThanOrEqual(0.99);
  });

  it("refuses bad options and empty input with what to pass", () => {
    const rng = createRng(0);
    expect(() => bootstrapCi([], "mean", { rng })).toThrow(
      new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        "bootstrapCi: x is empty; need at least one value (e.g. one final score per seed).",
      ),
    );
    expect(() => bootstrapCi(A, "mean", { reps: 0, rng })).toThrow(
      "bootstrapCi: reps must be a positive integer, got 0. rliable uses 2000–50000.",
    );
    expect(() => bootstrapCi(A, "mean", { confidence: 95, rng })).toThrow(
      "bootstrapCi: confidence must be a number in (0, 1), got 95; e.g. 0.95 for a 95% interval.",
    );
    expect(() => bootstrapCi(A, "mean", {} as never)).toThrow(
      "bootstrapCi: options.rng must be an Rng; pass { rng: createRng(seed) } from @gymkit/core so the interval is reproducible.",
    );
    expect(() => bootstrapCi(A, "trimmed" as never, { rng })).toThrow(
      'bootstrapCi: unknown statistic "trimmed". Use "mean", "median", "iqm" or a function of the resample.',
    );
  });
});

describe("probabilityOfImprovementCi", () => {
  it("equals numpy's percentile interval over the same independent resamples of x and y", () => {
    // createRng(11): per replicate, ten `rng.int(10)` for A, then ten for B; numpy 2.4.6 computed
    // np.quantile([P(A[i] > B[j]) with ties half], [0.025, 0.975]) over those 2000 replicates.
    expect(probabilityOfImprovementCi(A, B, { rng: createRng(11) })).toEqual([0.66, 1]);
  });

  it("is [0.5, 0.5] for identical constant samples, and deterministic for a seed", () => {
    expect(probabilityOfImprovementCi([7, 7], [7, 7, 7], { rng: createRng(0) })).toEqual([0.5, 0.5]);
    const ci = () => probabilityOfImprovementCi(B, A, { reps: 500, rng: createRng(9) });
    expect(ci()).toEqual(ci());
  });

  it("refuses an empty sample, naming which one", () => {
    expect(() => probabilityOfImprovementCi([], B, { rng: createRng(0) })).toThrow(
      "probabilityOfImprovementCi: x is empty;",
    );
  });
});
