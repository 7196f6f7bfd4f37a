/**
 * The seed blog's replay memory, done the plain-JS way, as the baseline: an array of
 * per-transition arrays `[state, action, reward, nextState, terminated, truncated]` (the Python
 * `deque` of tuples), `Array.shift()` to drop the oldest when full (O(n) in JS, unlike deque's
 * O(1) popleft), `random.sample`-style distinct random picks, then re-packing into nested arrays
 * for the tensors. Benchmark code only.
 */
export type NaiveTransition = [number[], number, number, number[], boolean, boolean];

/** The blog's memory: push, and shift the oldest out at capacity. */
export class NaiveMemory {
  readonly items: NaiveTransition[] = [];
  constructor(readonly capacity: number) {}

  add(
    obs: ArrayLike<number>,
    action: number,
    reward: number,
    next: ArrayLike<number>,
    term: boolean,
    trunc: boolean,
  ) {
    if (this.items.length >= this.capacity) this.items.shift();
    this.items.push([Array.from(obs), action, reward, Array.from(next), term, trunc]);
  }

  /** k distinct transitions in random order (references only), as Python's `random.sample`. */
  sample(k: number): NaiveTransition[] {
    const n = this.items.length;
    const picked = new Set<number>();
    const out: NaiveTransition[] = [];
    while (out.length < k) {
      const i = Math.floor(Math.random() * n);
      if (picked.has(i)) continue;
      picked.add(i);
      out.push(this.items[i]!);
    }
    return out;
  }
}

/** The re-pack step of the blog: one nested array per field. */
export function repack(batch: NaiveTransition[]) {
  return {
    states: batch.map((t) => t[0]),
    actions: batch.map((t) => t[1]),
    rewards: batch.map((t) => t[2]),
    nextStates: batch.map((t) => t[3]),
    dones: batch.map((t) => (t[4] ? 1 : 0)),
  };
}
