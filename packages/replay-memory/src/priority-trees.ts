const INF = Number.POSITIVE_INFINITY;

/**
 * A sum-tree and a min-tree over the same leaves (Schaul et al. 2016, appendix B.2.1), 4-ary:
 * `leaves` = 4^depth ≥ capacity (at least 4). At 2^20 leaves that is 10 levels, not 20: past the
 * caches every level of a descent is a cache (and TLB) miss, so halving the depth halves them.
 *
 * Nodes are numbered implicitly: the root is 3, the children of node s are 4s−8 … 4s−5, its
 * parent is (s+8) >> 2, and leaf `slot` is node `firstLeaf + slot`.
 *
 * - `values[slot]`: the leaves (shared by both trees). Four siblings are 32 bytes; 0 = empty
 *   (never sampled; +∞ for the min-tree).
 * - `inner`: the inner nodes, stored by sibling group: the four children of node s occupy one
 *   64-byte line, `inner[8(s−2) … 8(s−2)+3]` their sums and `… +4 … +7` their mins. A descent
 *   reads the line of each level's children; an update of a path touches exactly those lines
 *   again (sum and min side by side), so after a `sample` the `updatePriorities` that follows
 *   hits the cache instead of missing on a separate min array. Node s's own sum is at
 *   `s + 4(s >> 2)` and its min 4 further on; the root's are `inner[3]` and `inner[7]`.
 *
 * Inner nodes are always recomputed from their four children, never patched with deltas, so
 * they never drift: each is exactly ((c0 + c1) + c2) + c3 and min(c0 … c3) of its children,
 * whatever the order of updates (so `setMany` equals repeated `set` bit for bit).
 */
export class PriorityTrees {
  /** Leaves: the smallest power of four ≥ max(capacity, 4). */
  readonly leaves: number;
  /** Levels of inner nodes above the leaves (log4 of `leaves`). */
  readonly depth: number;
  /** Node number of leaf 0. */
  readonly firstLeaf: number;
  /** Leaf values by slot. */
  readonly values: Float64Array;
  /** Inner nodes' sums and mins, by sibling group (see the class comment). */
  readonly inner: Float64Array;
  /** First node of each level: `levelStart[0]` = 3 (root) … `levelStart[depth]` = firstLeaf. */
  private readonly levelStart: number[];
  /** Scratch of `setMany`: each path's current node. */
  private path = new Int32Array(0);
  /** Scratch of `setMany`: whether each path's min may still change on the next level. */
  private dirty = new Uint8Array(0);

  constructor(readonly capacity: number) {
    let l = 4;
    let depth = 1;
    while (l < capacity) {
      l *= 4;
      depth++;
    }
    this.leaves = l;
    this.depth = depth;
    const starts = [3];
    for (let d = 0; d < depth; d++) starts.push(4 * starts[d]! - 8);
    this.levelStart = starts;
    this.firstLeaf = starts[depth]!;
    this.values = new Float64Array(l);
    this.inner = new Float64Array(2 * this.firstLeaf);
    this.clear();
  }

  /** Σ of all leaves. */
  get total(): number {
    return this.inner[3]!;
  }

  /** Smallest non-empty leaf (+∞ when empty). */
  get min(): number {
    return this.inner[7]!;
  }

  /** Bytes held by both trees. */
  get byteLength(): number {
    return this.values.byteLength + this.inner.byteLength;
  }

  /** The value at `slot`. */
  get(slot: number): number {
    return this.values[slot]!;
  }

  /** Sum-tree value of node `s` (inner or leaf). */
  sumAt(s: number): number {
    return s >= this.firstLeaf ? this.values[s - this.firstLeaf]! : this.inner[s + 4 * (s >> 2)]!;
  }

  /** Min-tree value of node `s` (inner or leaf; an empty leaf is +∞). */
  minAt(s: number): number {
    if (s < this.firstLeaf) return this.inner[s + 4 * (s >> 2) + 4]!;
    const v = this.values[s - this.firstLeaf]!;
    return v > 0 ? v : INF;
  }

  /** Sets leaf `slot` to `value` (> 0) and updates both trees up to the root: O(log L). */
  set(slot: number, value: number): void {
    // One path of `setMany` (see there for when a min may change).
    const leaf = this.values;
    const inner = this.inner;
    const old = leaf[slot]!;
    leaf[slot] = value;
    let p = (this.firstLeaf + 8 + slot) >> 2;
    let o = p + 4 * (p >> 2);
    let dirty = value < inner[o + 4]! || old === inner[o + 4]!;
    const c = 4 * p - 8 - this.firstLeaf;
    inner[o] = leaf[c]! + leaf[c + 1]! + leaf[c + 2]! + leaf[c + 3]!;
    if (dirty) {
      const m = this.leafMin(c);
      dirty = m !== inner[o + 4]!;
      inner[o + 4] = m;
    }
    for (p = (p + 8) >> 2; p >= 3; p = (p + 8) >> 2) {
      o = p + 4 * (p >> 2);
      const g = 8 * p - 16;
      inner[o] = inner[g]! + inner[g + 1]! + inner[g + 2]! + inner[g + 3]!;
      if (dirty) {
        const m = Math.min(inner[g + 4]!, inner[g + 5]!, inner[g + 6]!, inner[g + 7]!);
        dirty = m !== inner[o + 4]!;
        inner[o + 4] = m;
      }
    }
  }

  /**
   * `set` for `count` slots at once, level by level. One `set` is a chain of dependent
   * load-add-store steps up the tree; walking all paths side by side keeps many independent
   * steps in flight. Inner nodes are recomputed from their (already final) children, so a node
   * on several paths gets the same value each time and later duplicates of a slot win, as with
   * `set`. Sorted slots (a stratified sample) share their upper paths: a node reached again by
   * the next path is not recomputed twice.
   *
   * Sums are recomputed on every level (branch-free adds). Mins are recomputed only where one
   * may have changed, and stop climbing where one did not: `Math.min` compiles to compare-and-
   * branch, which mispredicts on random priorities and cost more than the rest of the update.
   * A leaf can change its parent's min only if it drops below it or it was the min (checked
   * against the stored min, so the test is conservative); an inner node's min changes only if a
   * child's did. Most paths stop after a level or two.
   */
  setMany(slots: ArrayLike<number>, values: ArrayLike<number>, count: number): void {
    const leaf = this.values;
    const inner = this.inner;
    const first = this.firstLeaf + 8;
    if (this.path.length < count) {
      this.path = new Int32Array(count);
      this.dirty = new Uint8Array(count);
    }
    const path = this.path;
    const dirty = this.dirty;
    for (let j = 0; j < count; j++) {
      const slot = slots[j]!;
      const v = values[j]!;
      const old = leaf[slot]!;
      leaf[slot] = v;
      const p = (first + slot) >> 2;
      path[j] = p;
      const min = inner[p + 4 * (p >> 2) + 4]!;
      dirty[j] = +(v < min) | +(old === min);
    }
    // Parents of leaves.
    let previous = 0;
    let minDone = false;
    for (let j = 0; j < count; j++) {
      const p = path[j]!;
      const o = p + 4 * (p >> 2);
      if (p !== previous) {
        previous = p;
        minDone = false;
        const c = 4 * p - first;
        inner[o] = leaf[c]! + leaf[c + 1]! + leaf[c + 2]! + leaf[c + 3]!;
      }
      if (dirty[j] === 1 && !minDone) {
        minDone = true;
        const m = this.leafMin(4 * p - first);
        dirty[j] = +(m !== inner[o + 4]!);
        inner[o + 4] = m;
      } else {
        dirty[j] = 0;
      }
    }
    for (let level = 1; level < this.depth; level++) {
      previous = 0;
      for (let j = 0; j < count; j++) {
        const p = (path[j]! + 8) >> 2;
        path[j] = p;
        const o = p + 4 * (p >> 2);
        const c = 8 * p - 16;
        if (p !== previous) {
          previous = p;
          minDone = false;
          inner[o] = inner[c]! + inner[c + 1]! + inner[c + 2]! + inner[c + 3]!;
        }
        if (dirty[j] === 1 && !minDone) {
          minDone = true;
          const m = Math.min(inner[c + 4]!, inner[c + 5]!, inner[c + 6]!, inner[c + 7]!);
          dirty[j] = +(m !== inner[o + 4]!);
          inner[o + 4] = m;
        } else {
          dirty[j] = 0;
        }
      }
    }
  }

  /**
   * The slot whose prefix-sum interval contains `mass` (0 ≤ mass < total). Never returns an empty
   * leaf: it passes empty children and stops at the last non-empty one, which also absorbs
   * rounding when `mass` lands at or just above the total.
   */
  find(mass: number): number {
    let s = 3;
    for (let level = 0; level < this.depth; level++) {
      const bottom = level === this.depth - 1;
      const base = bottom ? 4 * s - 8 - this.firstLeaf : 8 * (s - 2);
      const t = bottom ? this.values : this.inner;
      let last = 3;
      while (last > 0 && !(t[base + last]! > 0)) last--;
      let k = 0;
      while (k < last && (mass >= t[base + k]! || !(t[base + k]! > 0))) {
        mass -= t[base + k]!;
        k++;
      }
      s = 4 * s - 8 + k;
    }
    return s - this.firstLeaf;
  }

  /**
   * `find` for `count` masses at once (overwritten), level by level: the descents are
   * independent, so walking them side by side lets the CPU overlap their cache misses, and each
   * step is branch-free (a data-dependent branch mispredicts often). Results whose leaf is empty
   * (only from rounding at the very top of the range) are redone with the guarded `find`.
   */
  findMany(masses: Float64Array, count: number, out: Int32Array): void {
    const inner = this.inner;
    for (let j = 0; j < count; j++) out[j] = 3;
    for (let level = 1; level < this.depth; level++) {
      for (let j = 0; j < count; j++) {
        const s = out[j]!;
        const c = 8 * s - 16;
        let m = masses[j]!;
        const a = inner[c]!;
        const b = inner[c + 1]!;
        const d = inner[c + 2]!;
        // g0 ≥ g1 ≥ g2: whether the mass lies beyond child 0, 1, 2.
        const g0 = +(m >= a);
        m -= g0 * a;
        const g1 = g0 & +(m >= b);
        m -= g1 * b;
        const g2 = g1 & +(m >= d);
        masses[j] = m - g2 * d;
        out[j] = 4 * s - 8 + g0 + g1 + g2;
      }
    }
    // Last level: the children are leaves.
    const leaf = this.values;
    const first = this.firstLeaf + 8;
    for (let j = 0; j < count; j++) {
      const c = 4 * out[j]! - first;
      let m = masses[j]!;
      const a = leaf[c]!;
      const b = leaf[c + 1]!;
      const d = leaf[c + 2]!;
      const g0 = +(m >= a);
      m -= g0 * a;
      const g1 = g0 & +(m >= b);
      m -= g1 * b;
      const g2 = g1 & +(m >= d);
      masses[j] = m - g2 * d;
      out[j] = c + g0 + g1 + g2;
    }
    for (let j = 0; j < count; j++) {
      // Empty leaves only lie right of the filled ones, so the answer is the last filled leaf.
      if (!(leaf[out[j]!]! > 0)) out[j] = this.find(INF);
    }
  }

  /** Sets the first `values.length` leaves, empties the rest, and rebuilds all inner nodes: O(L). */
  assign(values: Float64Array): void {
    this.clear();
    this.values.set(values);
    const starts = this.levelStart;
    const d = this.depth;
    for (let s = starts[d - 1]!; s < starts[d]!; s++) this.refreshBottom(s);
    for (let level = d - 2; level >= 0; level--) {
      for (let s = starts[level]!; s < starts[level + 1]!; s++) this.refreshInner(s);
    }
  }

  /** The first `count` leaves, copied. */
  leafValues(count: number): Float64Array {
    return this.values.slice(0, count);
  }

  /** Empties every leaf. */
  clear(): void {
    this.values.fill(0);
    const inner = this.inner;
    for (let g = 0; g < inner.length; g += 8) {
      inner.fill(0, g, g + 4);
      inner.fill(INF, g + 4, g + 8);
    }
  }

  /** Min of the four leaves from slot `c`, an empty (0) leaf counting as +∞. */
  private leafMin(c: number): number {
    const t = this.values;
    const a = t[c]!;
    const b = t[c + 1]!;
    const d = t[c + 2]!;
    const e = t[c + 3]!;
    return Math.min(a > 0 ? a : INF, b > 0 ? b : INF, d > 0 ? d : INF, e > 0 ? e : INF);
  }

  /** Recomputes node p whose children are leaves: their sum, and their min. */
  private refreshBottom(p: number): void {
    const t = this.values;
    const c = 4 * p - 8 - this.firstLeaf;
    const o = p + 4 * (p >> 2);
    this.inner[o] = t[c]! + t[c + 1]! + t[c + 2]! + t[c + 3]!;
    this.inner[o + 4] = this.leafMin(c);
  }

  /** Recomputes inner node p from its four inner children (one 64-byte group). */
  private refreshInner(p: number): void {
    const t = this.inner;
    const c = 8 * p - 16;
    const o = p + 4 * (p >> 2);
    t[o] = t[c]! + t[c + 1]! + t[c + 2]! + t[c + 3]!;
    t[o + 4] = Math.min(t[c + 4]!, t[c + 5]!, t[c + 6]!, t[c + 7]!);
  }
}
