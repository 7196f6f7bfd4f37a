/**
 * Learning-curve bands for the compare report, rliable's sample-efficiency curves (Agarwal et al.
 * 2021; rliable README "Sample Efficiency Curve": `get_interval_estimates(scores, iqm)` with
 * `iqm = lambda s: [aggregate_iqm(s[..., frame]) for frame ...]`, drawn by
 * `plot_utils.plot_sample_efficiency_curve`): per evaluation, the IQM (or the mean) across seeds
 * and its percentile bootstrap band. rliable's `StratifiedBootstrap` draws a run index for every
 * element of the (runs × tasks × evaluations) array, so each evaluation point is resampled
 * independently; with one task that is what {@link bootstrapCi} does per index.
 */
import { describeValue, GymkitError } from "@gymkit/core";
import { type BootstrapOptions, bootstrapCi } from "./bootstrap.js";
import { checkSample } from "./check.js";
import { iqmSorted, meanUnchecked } from "./descriptive.js";

/** Options of {@link curveBand}. */
export interface CurveBandOptions extends BootstrapOptions {
  /**
   * The aggregate across seeds at each evaluation: the IQM, as the headline uses, or the mean.
   * @default "iqm"
   */
  statistic?: "iqm" | "mean";
}

/** Per evaluation index i: the aggregate across seeds, its band, and how many seeds really evaluated there. */
export interface CurveBand {
  /** The IQM (or mean) across seeds at each evaluation. */
  value: number[];
  lo: number[];
  hi: number[];
  /** Seeds whose own curve reaches index i; the others contribute their carried-forward last value. */
  observed: number[];
}

/**
 * IQM (or mean) across seeds and a bootstrap band, per evaluation index. `curves[s][i]` is seed s's greedy
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
 * The band is {@link bootstrapCi} of the statistic at each index, with the same generator used for
 * index 0, 1, … in order (deterministic for a seeded `rng`).
 */
export function curveBand(curves: ReadonlyArray<ArrayLike<number>>, options: CurveBandOptions): CurveBand {
  const statistic = options.statistic ?? "iqm";
  if (statistic !== "iqm" && statistic !== "mean") {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `curveBand: statistic must be "iqm" or "mean", got ${describeValue(statistic)}.`,
    );
  }
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
  const sorted = new Float64Array(curves.length);
  const band: CurveBand = { value: [], lo: [], hi: [], observed: [] };
  for (let i = 0; i < length; i++) {
    let observed = 0;
    curves.forEach((c, s) => {
      if (i < c.length) observed++;
      column[s] = c[Math.min(i, c.length - 1)]!;
    });
    const [lo, hi] = bootstrapCi(column, statistic, options);
    sorted.set(column);
    band.value.push(statistic === "iqm" ? iqmSorted(sorted.sort()) : meanUnchecked(column));
    band.lo.push(lo);
    band.hi.push(hi);
    band.observed.push(observed);
  }
  return band;
}
