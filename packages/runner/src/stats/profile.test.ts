import { createRng } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { quantile } from "./descriptive.js";
import { linspace, performanceProfile } from "./profile.js";

describe("performanceProfile", () => {
  it("is the fraction of runs strictly above each τ, as rliable's np.mean(scores > tau)", () => {
    const p = performanceProfile([100, 300, 500, 500], [0, 100, 250, 499.5, 500], { rng: createRng(0) });
    // A score equal to τ is not above it: at τ = 100 the run at 100 drops out, at 500 both 500s do.
    expect(p.fraction).toEqual([1, 0.75, 0.75, 0.5, 0]);
    expect(p.taus).toEqual([0, 100, 250, 499.5, 500]);
  });

  it("bands each τ with the percentile interval of the profile over one resample of the runs per replicate", () => {
    const scores = [12, 150, 300, 480, 500, 500, 9];
    const taus = [0, 100, 400, 500];
    const reps = 300;
    const p = performanceProfile(scores, taus, { rng: createRng(5), reps });
    // The same by hand: per replicate, n draws of rng.int(n), then the fraction above each τ.
    const rng = createRng(5);
    const columns = taus.map((): number[] => []);
    for (let r = 0; r < reps; r++) {
      const sample = scores.map(() => scores[rng.int(scores.length)]!);
      taus.forEach((tau, t) => {
        columns[t]!.push(sample.filter((s) => s > tau).length / sample.length);
      });
    }
    expect(p.lo).toEqual(columns.map((c) => quantile(c, 0.025)));
    expect(p.hi).toEqual(columns.map((c) => quantile(c, 0.975)));
    // A profile only falls as τ grows, and so do the ends of its band.
    for (const row of [p.fraction, p.lo, p.hi]) {
      for (let t = 1; t < row.length; t++) expect(row[t]).toBeLessThanOrEqual(row[t - 1]!);
    }
  });

  it("is reproducible for a seed, and one run has no band to speak of", () => {
    const taus = linspace(0, 500, 11);
    const a = performanceProfile([10, 200, 450], taus, { rng: createRng(9), reps: 100 });
    expect(performanceProfile([10, 200, 450], taus, { rng: createRng(9), reps: 100 })).toEqual(a);
    const one = performanceProfile([250], taus, { rng: createRng(9), reps: 50 });
    expect(one.lo).toEqual(one.fraction);
    expect(one.hi).toEqual(one.fraction);
  });

  it("refuses bad input with the usual messages", () => {
    expect(() => performanceProfile([], [0], { rng: createRng(0) })).toThrow(
      "performanceProfile: scores is empty; need at least one value (e.g. one final score per seed).",
    );
    expect(() => performanceProfile([1], [Number.NaN], { rng: createRng(0) })).toThrow(
      "performanceProfile: taus[0] is NaN; every value must be a finite number. Drop or fix that run first.",
    );
    expect(() => performanceProfile([1], [0], { rng: createRng(0), reps: 0 })).toThrow(
      "performanceProfile: reps must be a positive integer, got 0. rliable uses 2000–50000.",
    );
  });
});

describe("linspace", () => {
  it("spaces count values evenly from one end to the other, both included, like np.linspace", () => {
    expect(linspace(0, 500, 101).slice(0, 3)).toEqual([0, 5, 10]);
    expect(linspace(0, 500, 101).at(-1)).toBe(500);
    expect(linspace(-1, 1, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(() => linspace(0, 1, 1)).toThrow("linspace: need finite ends and a count >= 2, got 0, 1, 1.");
  });
});
