import { describeValue, GymkitError } from "../errors.js";
import type { Rng } from "../rng.js";
import { assertRngArg } from "../rng.js";
import type { Space, SpaceJSON } from "../space.js";

const TWO_POW_32 = 4294967296;

/**
 * The integers `{start, start + 1, ..., start + n - 1}`: Gymnasium's `Discrete(n, start=0)`.
 * Elements are plain JS numbers (Gymnasium's `int64` scalars).
 * @example new Discrete(2).contains(1) // true; new Discrete(3, -1).toString() // "Discrete(3, start=-1)"
 */
export class Discrete implements Space<number> {
  readonly shape: readonly number[] = [];
  readonly dtype = "int64" as const;
  /** Number of elements. */
  readonly n: number;
  /** Smallest element. */
  readonly start: number;
  // start + n, precomputed: `contains` runs on every step of the passive checker.
  private readonly end: number;

  constructor(n: number, start = 0) {
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n <= 0) {
      throw new GymkitError(
        "GYMKIT_INVALID_SPACE",
        `Discrete(n): n must be a positive integer, got ${describeValue(n)}.`,
      );
    }
    if (typeof start !== "number" || !Number.isSafeInteger(start) || !Number.isSafeInteger(start + n)) {
      throw new GymkitError(
        "GYMKIT_INVALID_SPACE",
        `Discrete(${n}, start): start must be an integer (with start + n a safe integer), got ${describeValue(start)}.`,
      );
    }
    this.n = n;
    this.start = start;
    this.end = start + n;
  }

  /** True for integer numbers in `[start, start + n)`; false for NaN, fractions, strings, ... */
  contains(x: unknown): x is number {
    // Comparisons are false for NaN; isInteger rejects fractions and ±Infinity.
    return typeof x === "number" && x >= this.start && x < this.end && Number.isInteger(x);
  }

  /** A uniformly drawn element (unbiased for every n). */
  sample(rng: Rng): number {
    assertRngArg(rng, "Discrete.sample");
    if (this.n <= TWO_POW_32) return this.start + rng.int(this.n);
    // n beyond 2^32: draw hi·2^32 + lo uniformly over whole blocks, reject past n (accepts >= 1/2).
    const blocks = Math.ceil(this.n / TWO_POW_32);
    for (;;) {
      const x = rng.int(blocks) * TWO_POW_32 + rng.uint32();
      if (x < this.n) return this.start + x;
    }
  }

  /** Same n and start. */
  equals(other: unknown): boolean {
    return other instanceof Discrete && other.n === this.n && other.start === this.start;
  }

  toJSON(): SpaceJSON {
    return { type: "Discrete", n: this.n, start: this.start };
  }

  /** Gymnasium's repr: `Discrete(2)` or `Discrete(3, start=-1)`. */
  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}
