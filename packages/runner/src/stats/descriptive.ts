/**
 * Point statistics of a sample of per-seed scores, computed the way rliable computes them
 * (Agarwal et al. 2021, "Deep RL at the Edge of the Statistical Precipice"; google-research/rliable
 * `metrics.py`), so a gymkit report can be checked against numpy/scipy. Issue #11.
 *
 * Each exported function validates its input and copies before sorting: the caller's array is never
 * reordered. The `…Sorted` kernels take an already sorted array and allocate nothing; the bootstrap
 * calls them on a reused buffer.
 */
import { checkProbability, checkSample } from "./check.js";

/** Sum of `x[from..to)` (plain left-to-right summation; agrees with numpy's pairwise sum to ~1e-15 relative for the sample sizes of a seed sweep). */
function sumRange(x: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]!;
  return s;
}

/** A sorted Float64Array copy of `x` (numeric order; typed-array sort does not compare as strings). */
function sortedCopy(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x).sort();
}

/**
 * Arithmetic mean, like `np.mean(x)`.
 * @example mean([1, 2, 3, 4]) // 2.5
 */
export function mean(x: ArrayLike<number>): number {
  checkSample(x, "mean");
  return sumRange(x, 0, x.length) / x.length;
}

/** Mean of a non-empty array; no checks, no allocation. */
export function meanUnchecked(x: ArrayLike<number>): number {
  return sumRange(x, 0, x.length) / x.length;
}

/**
 * numpy's default ("linear", Hyndman & Fan type 7) quantile of a sorted, non-empty array: the value
 * at virtual index h = (n − 1)·q, interpolated between its neighbours. The interpolation is numpy's
 * `_lerp`, which for weights >= 0.5 counts back from the upper neighbour so that q = 1 returns the
 * maximum exactly. No checks, no allocation.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const h = (n - 1) * q;
  if (h >= n - 1) return sorted[n - 1]!;
  if (h <= 0) return sorted[0]!;
  const lo = Math.floor(h);
  const gamma = h - lo;
  const a = sorted[lo]!;
  const b = sorted[lo + 1]!;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/**
 * The q-quantile (q in [0, 1]) with numpy's default method, `np.quantile(x, q)` ("linear"). rliable
 * takes its percentile confidence intervals with this method, so the bootstrap uses it too.
 * @example quantile([1, 2, 3, 4], 0.25) // 1.75
 */
export function quantile(x: ArrayLike<number>, q: number): number {
  checkSample(x, "quantile");
  checkProbability(q, "quantile", "q");
  return quantileSorted(sortedCopy(x), q);
}

/** Median of a sorted, non-empty array: the middle value, or the mean of the two middle values. */
export function medianSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Median, like `np.median(x)`: the mean of the two middle values when n is even.
 * @example median([500, 500, 487.5, 21.3, 500, 310.2, 455, 499.9, 12, 500]) // 493.7
 */
export function median(x: ArrayLike<number>): number {
  checkSample(x, "median");
  return medianSorted(sortedCopy(x));
}

/**
 * Interquartile mean of a sorted, non-empty array: drop floor(n/4) values from each end, average the
 * rest. No checks, no allocation.
 */
export function iqmSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  const cut = Math.floor(0.25 * n);
  return sumRange(sorted, cut, n - cut) / (n - 2 * cut);
}

/**
 * Interquartile mean, exactly `scipy.stats.trim_mean(x, 0.25)` as rliable's `aggregate_iqm` uses it:
 * sort, drop floor(0.25·n) values from each end (discrete trimming, not interpolated), average the
 * middle. Robust to the outlier seeds that make RL means jumpy, yet less noisy than the median.
 * For n < 4 nothing is trimmed (the IQM is the mean); IQM([1..7]) = mean(2..6) = 4.
 * @example iqm([500, 500, 487.5, 21.3, 500, 310.2, 455, 499.9, 12, 500]) // 458.7666…
 */
export function iqm(x: ArrayLike<number>): number {
  checkSample(x, "iqm");
  return iqmSorted(sortedCopy(x));
}
