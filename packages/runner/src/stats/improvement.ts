import { checkSample } from "./check.js";

/**
 * Probability of improvement P(X > Y) for one task, as rliable's `probability_of_improvement`
 * (Mann–Whitney U / (n_x·n_y)): the fraction of pairs (x_i, y_j) with x_i > y_j, ties counting
 * half. So P(X > Y) + P(Y > X) = 1, and identical samples give exactly 0.5 (rliable special-cases
 * that; the formula already yields it). O(n_x·n_y), which is nothing for seed counts.
 * @example probabilityOfImprovement([2, 3], [1, 3]) // (1 + 1 + 0 + 0.5) / 4 = 0.625
 */
export function probabilityOfImprovement(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkSample(x, "probabilityOfImprovement", "x");
  checkSample(y, "probabilityOfImprovement", "y");
  return probabilityOfImprovementUnchecked(x, y);
}

/** {@link probabilityOfImprovement} without checks, for the bootstrap loop. */
export function probabilityOfImprovementUnchecked(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let wins = 0;
  let ties = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    for (let j = 0; j < y.length; j++) {
      const yj = y[j]!;
      if (xi > yj) wins++;
      else if (xi === yj) ties++;
    }
  }
  return (wins + 0.5 * ties) / (x.length * y.length);
}
