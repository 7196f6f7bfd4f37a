/**
 * A sum-tree and a min-tree over the same leaves (Schaul et al. 2016, appendix B.2.1; the
 * layout of OpenAI baselines' `SegmentTree`): implicit binary trees with L leaves, L a power of
 * two ≥ capacity, root at node 1, leaf `slot` at node `L + slot`, children of n at 2n and 2n+1.
 *
 * Both trees live interleaved in one `Float64Array` (node n: sum at 2n, min at 2n+1), so an
 * update touches one 32-byte block per level for both trees — the block the sampling descent
 * has just brought into cache. Float64 keeps the running sums exact enough over millions of
 * updates. Empty leaves hold 0 in the sum-tree (never sampled) and +∞ in the min-tree.
 */
export class PriorityTrees {
  /** Leaves: the smallest power of two ≥ capacity. */
  readonly leaves: number;
  /** `[sum(n), min(n)]` for node n at `[2n, 2n+1]`; node 0 is unused. */
  readonly nodes: Float64Array;
  private readonly depth: number;
  /** Scratch of `setMany`: each path's current node. */
  private path = new Int32Array(0);

  constructor(readonly capacity: number) {
    let l = 1;
    let depth = 0;
    while (l < capacity) {
      l *= 2;
      depth++;
    }
    this.leaves = l;
    this.depth = depth;
    this.nodes = new Float64Array(4 * l);
    this.clear();
  }

  /** Σ of all leaves. */
  get total(): number {
    return this.nodes[2]!;
  }

  /** Smallest non-empty leaf (+∞ when empty). */
  get min(): number {
    return this.nodes[3]!;
  }

  /** The value at `slot`. */
  get(slot: number): number {
    return this.nodes[2 * (this.leaves + slot)]!;
  }

  /** Sets leaf `slot` to `value` (> 0) and updates both trees up to the root: O(log L). */
  set(slot: number, value: number): void {
    const t = this.nodes;
    let i = this.leaves + slot;
    t[2 * i] = value;
    t[2 * i + 1] = value;
    for (i >>= 1; i >= 1; i >>= 1) {
      const c = 4 * i; // children's [sum, min, sum, min]
      t[2 * i] = t[c]! + t[c + 2]!;
      t[2 * i + 1] = Math.min(t[c + 1]!, t[c + 3]!);
    }
  }

  /**
   * `set` for `count` slots at once, level by level. One `set` is a chain of dependent
   * load-add-store steps up the tree; walking all paths side by side keeps many independent
   * steps in flight. A node shared by adjacent paths is recomputed once; shared by non-adjacent
   * ones, once per run of paths (harmless: its children are final for that level by then). Later duplicates of a slot win, as with `set`.
   */
  setMany(slots: ArrayLike<number>, values: ArrayLike<number>, count: number): void {
    const t = this.nodes;
    const l = this.leaves;
    if (this.path.length < count) this.path = new Int32Array(count);
    const path = this.path;
    for (let j = 0; j < count; j++) {
      const i = l + slots[j]!;
      t[2 * i] = values[j]!;
      t[2 * i + 1] = values[j]!;
      path[j] = i;
    }
    for (let level = 0; level < this.depth; level++) {
      let previous = 0;
      for (let j = 0; j < count; j++) {
        const i = path[j]! >> 1;
        path[j] = i;
        // Sorted slots (a stratified sample) share their upper paths: skip adjacent repeats.
        if (i === previous) continue;
        previous = i;
        const c = 4 * i;
        t[2 * i] = t[c]! + t[c + 2]!;
        t[2 * i + 1] = Math.min(t[c + 1]!, t[c + 3]!);
      }
    }
  }

  /**
   * The slot whose prefix-sum interval contains `mass` (0 ≤ mass < total). Never returns an empty
   * leaf: it only descends into subtrees with a positive sum, which also absorbs rounding when
   * `mass` lands at or just above the total.
   */
  find(mass: number): number {
    const t = this.nodes;
    const leaves = this.leaves;
    let i = 1;
    while (i < leaves) {
      const left = 2 * i;
      const ls = t[2 * left]!;
      if (mass < ls || !(t[2 * left + 2]! > 0)) {
        i = left;
      } else {
        mass -= ls;
        i = left + 1;
      }
    }
    return i - leaves;
  }

  /**
   * `find` for `count` masses at once, level by level: the descents are independent, so walking
   * them side by side lets the CPU overlap their cache misses, and the step is branch-free
   * (a data-dependent branch mispredicts half the time). Results whose leaf is empty (only from
   * rounding at the very top of the range) are redone with the guarded `find`.
   */
  findMany(masses: Float64Array, count: number, out: Int32Array): void {
    const t = this.nodes;
    for (let j = 0; j < count; j++) out[j] = 1;
    for (let level = 0; level < this.depth; level++) {
      for (let j = 0; j < count; j++) {
        const left = 2 * out[j]!;
        const ls = t[2 * left]!;
        const m = masses[j]!;
        const right = +(m >= ls);
        masses[j] = m - ls * right;
        out[j] = left + right;
      }
    }
    const leaves = this.leaves;
    for (let j = 0; j < count; j++) {
      const slot = out[j]! - leaves;
      out[j] = slot;
      // Empty leaves only lie right of the filled ones, so the answer is the last filled leaf.
      if (!(t[2 * (leaves + slot)]! > 0)) out[j] = this.find(Number.POSITIVE_INFINITY);
    }
  }

  /** Sets the first `values.length` leaves, empties the rest, and rebuilds all inner nodes: O(L). */
  assign(values: Float64Array): void {
    this.clear();
    const t = this.nodes;
    const l = this.leaves;
    for (let s = 0; s < values.length; s++) {
      t[2 * (l + s)] = values[s]!;
      t[2 * (l + s) + 1] = values[s]!;
    }
    for (let i = l - 1; i >= 1; i--) {
      t[2 * i] = t[4 * i]! + t[4 * i + 2]!;
      t[2 * i + 1] = Math.min(t[4 * i + 1]!, t[4 * i + 3]!);
    }
  }

  /** The first `count` leaves, copied. */
  leafValues(count: number): Float64Array {
    const out = new Float64Array(count);
    for (let s = 0; s < count; s++) out[s] = this.nodes[2 * (this.leaves + s)]!;
    return out;
  }

  /** Empties every leaf. */
  clear(): void {
    const t = this.nodes;
    for (let n = 0; n < t.length; n += 2) {
      t[n] = 0;
      t[n + 1] = Number.POSITIVE_INFINITY;
    }
  }
}
