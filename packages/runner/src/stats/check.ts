import { describeValue, GymkitError } from "@gymkit/core";

/**
 * Throws a `GYMKIT_INVALID_ARGUMENT` error unless `x` holds at least one value and every value is
 * finite. A NaN would silently poison a sort (NaN compares false both ways), so it is refused here,
 * once, at the boundary; the resampling kernels then run unchecked.
 */
export function checkSample(x: ArrayLike<number>, fn: string, what = "x"): void {
  if (x.length === 0) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${fn}: ${what} is empty; need at least one value (e.g. one final score per seed).`,
    );
  }
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${fn}: ${what}[${i}] is ${describeValue(v)}; every value must be a finite number. Drop or fix that run first.`,
      );
    }
  }
}

/** Throws unless `q` is a probability in [0, 1]. */
export function checkProbability(q: number, fn: string, what: string): void {
  if (typeof q !== "number" || !(q >= 0 && q <= 1)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${fn}: ${what} must be a number in [0, 1], got ${describeValue(q)}. For a percentile p, pass p / 100.`,
    );
  }
}
