/**
 * Learning-curve bands for the compare report: per evaluation, the mean return across seeds and a
 * percentile bootstrap band, as rliable's sample-efficiency curves compute an interval estimate
 * independently at each evaluation point (Agarwal et al. 2021, `plot_sample_efficiency_curve`).
 */
import { GymkitError } from "@gymkit/core";
import { type BootstrapOptions, bootstrapCi } from "./bootstrap.js";
import { checkSample } from "./check.js";
import { meanUnchecked } from "./descriptive.js";

/** Per evaluation index i: the mean across seeds, its band, and how many seeds really evaluated there. */
export interface CurveBand {
  mean: number[];
  lo: number[];
  hi: number[];
  /** Seeds whose own curve reaches index i; the others contribute their carried-forward last value. */
  observed: number[];
}

/**
 * Mean across seeds and a bootstrap band, per evaluation index. `curves[s][i]` is seed s's greedy
 * evaluation return at its i-th periodic evaluation; all seeds share the evaluation schedule, so
 * index i is the same env step for every seed (the caller maps indices to steps).
 *
 * **Curves of different lengths: the last value is carried forward** to the longest curve's length.
 * A run is shorter because it stopped early, in gymkit at `stopAtMean`, that is, once its evaluation
 * reached the target. Dropping it from later points would leave only the unsolved seeds there, and the
 * mean curve would fall exactly when runs succeed (survivorship bias); carrying its last value assumes
 * it stays where it stopped, the same assumption the final score (the last evaluation) makes. rliable
 * does not cover this: it assumes every run is evaluated at every point. `observed` says how many
 * seeds really evaluated at each index, so a report can show where the band rests on carried values.
 *
 * The band is {@link bootstrapCi} of the mean at each index, with the same generator used for index
 * 0, 1, … in order (deterministic for a seeded `rng`).
 */
export function curveBand(curves: ReadonlyArray<ArrayLike<number>>, options: BootstrapOptions): CurveBand {
  if (curves.length === 0) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      "curveBand: curves is empty; need one curve (evaluation returns) per seed.",
    );
  }
  let length = 0;
  curves.forEach((c, s) => {
    if (c.length === 0) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `curveBand: curves[${s}] has no evaluations, so there is no value to carry forward. Leave that run out of the curve.`,
      );
    }
    checkSample(c, "curveBand", `curves[${s}]`);
    length = Math.max(length, c.length);
  });
  const column = new Float64Array(curves.length);
  const band: CurveBand = { mean: [], lo: [], hi: [], observed: [] };
  for (let i = 0; i < length; i++) {
    let observed = 0;
    curves.forEach((c, s) => {
      if (i < c.length) observed++;
      column[s] = c[Math.min(i, c.length - 1)]!;
    });
    const [lo, hi] = bootstrapCi(column, "mean", options);
    band.mean.push(meanUnchecked(column));
    band.lo.push(lo);
    band.hi.push(hi);
    band.observed.push(observed);
  }
  return band;
}
