/**
 * A sum-tree and a min-tree over the same leaves (Schaul et al. 2016, appendix B.2.1; the
 * layout of OpenAI baselines' `SegmentTree`): implicit binary trees in `Float64Array`s of
 * 2·L nodes, L a power of two ≥ capacity, root at 1, leaf `slot` at `L + slot`. Float64 keeps
 * the running sums exact enough over millions of updates. Empty leaves hold 0 in the sum-tree
 * (never sampled) and +∞ in the min-tree (never the minimum).
 */
export class PriorityTrees {
  /** Leaves: the smallest power of two ≥ capacity. */
  readonly leaves: number;
  readonly sums: Float64Array;
  readonly mins: Float64Array;

  constructor(readonly capacity: number) {
    let l = 1;
    while (l < capacity) l *= 2;
    this.leaves = l;
    this.sums = new Float64Array(2 * l);
    this.mins = new Float64Array(2 * l).fill(Number.POSITIVE_INFINITY);
  }

  /** Σ of all leaves. */
  get total(): number {
    return this.sums[1]!;
  }

  /** Smallest non-empty leaf (+∞ when empty). */
  get min(): number {
    return this.mins[1]!;
  }

  /** The value at `slot`. */
  get(slot: number): number {
    return this.sums[this.leaves + slot]!;
  }

  /** Sets leaf `slot` to `value` (> 0) and updates both paths to the root: O(log L). */
  set(slot: number, value: number): void {
    const sums = this.sums;
    const mins = this.mins;
    let i = this.leaves + slot;
    sums[i] = value;
    mins[i] = value;
    for (let j = i >> 1; j >= 1; j >>= 1) sums[j] = sums[2 * j]! + sums[2 * j + 1]!;
    // The min path stops early once a node is unchanged: its ancestors cannot change either.
    for (i >>= 1; i >= 1; i >>= 1) {
      const m = Math.min(mins[2 * i]!, mins[2 * i + 1]!);
      if (mins[i] === m) break;
      mins[i] = m;
    }
  }

  /**
   * The slot whose prefix-sum interval contains `mass` (0 ≤ mass < total). Never returns an empty
   * leaf: it only descends into subtrees with a positive sum, which also absorbs rounding when
   * `mass` lands at or just above the total.
   */
  find(mass: number): number {
    const sums = this.sums;
    const leaves = this.leaves;
    let i = 1;
    while (i < leaves) {
      const left = 2 * i;
      const ls = sums[left]!;
      if (mass < ls || !(sums[left + 1]! > 0)) {
        i = left;
      } else {
        mass -= ls;
        i = left + 1;
      }
    }
    return i - leaves;
  }

  /** Sets the first `values.length` leaves, empties the rest, and rebuilds all inner nodes: O(L). */
  assign(values: Float64Array): void {
    const l = this.leaves;
    this.sums.fill(0);
    this.mins.fill(Number.POSITIVE_INFINITY);
    this.sums.set(values, l);
    this.mins.set(values, l);
    for (let i = l - 1; i >= 1; i--) {
      this.sums[i] = this.sums[2 * i]! + this.sums[2 * i + 1]!;
      this.mins[i] = Math.min(this.mins[2 * i]!, this.mins[2 * i + 1]!);
    }
  }

  /** Empties every leaf. */
  clear(): void {
    this.sums.fill(0);
    this.mins.fill(Number.POSITIVE_INFINITY);
  }
}
