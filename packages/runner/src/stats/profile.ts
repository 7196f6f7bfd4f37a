/**
 * Performance profiles (score distributions), rliable's third figure (Agarwal et al. 2021;
 * `library.create_performance_profile` with `use_score_distribution=True`): for each threshold τ,
 * the fraction of runs whose score is above τ (`run_score_deviation`: `np.mean(scores > tau)`),
 * with a percentile bootstrap band over runs (rliable's default there: 2000 replicates). A profile
 * shows the whole distribution of final scores, where the IQM and the mean each give one number.
 */
import { describeValue, GymkitError } from "@gymkit/core";
import { type BootstrapOptions, parseBootstrapOptions } from "./bootstrap.js";
import { checkSample } from "./check.js";
import { quantileSorted } from "./descriptive.js";

/** A performance profile at thresholds `taus`: the fraction of runs above each, and its band. */
export interface PerformanceProfile {
  taus: number[];
  /** Fraction of runs with a score strictly above `taus[i]`. */
  fraction: number[];
  lo: number[];
  hi: number[];
}

/** Fraction of `sorted` (ascending) strictly above `tau`: binary search for the first value > tau. */
function fractionAbove(sorted: ArrayLike<number>, tau: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! > tau) hi = mid;
    else lo = mid + 1;
  }
  return (sorted.length - lo) / sorted.length;
}

/**
 * `count` evenly spaced thresholds from `from` to `to`, both included (`np.linspace`).
 * @example linspace(0, 500, 101) // [0, 5, 10, …, 500]
 */
export function linspace(from: number, to: number, count: number): number[] {
  if (!Number.isFinite(from) || !Number.isFinite(to) || !Number.isSafeInteger(count) || count < 2) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `linspace: need finite ends and a count >= 2, got ${describeValue(from)}, ${describeValue(to)}, ${describeValue(count)}.`,
    );
  }
  return Array.from({ length: count }, (_, i) =>
    i === count - 1 ? to : from + ((to - from) * i) / (count - 1),
  );
}

/**
 * The performance profile of one variant's scores at the thresholds `taus`, with a percentile
 * bootstrap band: each replicate resamples the runs once (with replacement, as rliable's
 * `StratifiedBootstrap` with one task) and evaluates the whole profile on that resample; the band at
 * τ is the (1 − c)/2 and (1 + c)/2 numpy-"linear" quantiles of the replicates at τ.
 * @example performanceProfile([100, 300, 500], [0, 250, 500], { rng: createRng(0) }).fraction // [1, 2/3, 0]
 */
export function performanceProfile(
  scores: ArrayLike<number>,
  taus: readonly number[],
  options: BootstrapOptions,
): PerformanceProfile {
  checkSample(scores, "performanceProfile", "scores");
  checkSample(taus, "performanceProfile", "taus");
  const { reps, confidence } = parseBootstrapOptions(options, "performanceProfile");
  const n = scores.length;
  const sorted = Float64Array.from(scores).sort();
  const sample = new Float64Array(n);
  // replicates[t * reps + r]: replicate r at threshold t, so each threshold's column is contiguous.
  const replicates = new Float64Array(taus.length * reps);
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < n; i++) sample[i] = scores[options.rng.int(n)]!;
    sample.sort();
    for (let t = 0; t < taus.length; t++) replicates[t * reps + r] = fractionAbove(sample, taus[t]!);
  }
  const tail = (1 - confidence) / 2;
  const profile: PerformanceProfile = { taus: [...taus], fraction: [], lo: [], hi: [] };
  for (let t = 0; t < taus.length; t++) {
    const column = replicates.subarray(t * reps, (t + 1) * reps).sort();
    profile.fraction.push(fractionAbove(sorted, taus[t]!));
    profile.lo.push(quantileSorted(column, tail));
    profile.hi.push(quantileSorted(column, 1 - tail));
  }
  return profile;
}
