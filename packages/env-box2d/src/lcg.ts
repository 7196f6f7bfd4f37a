/**
 * The golden data's reproducible random policy (shared/golden/README.md, "Actions"): an LCG
 * `x' = 1664525·x + 1013904223 (mod 2^32)` from `x0 = seed`. Discrete: one draw per step,
 * `a = x >>> 30` (the top two bits; `x % 4` would cycle 3,2,1,0). Continuous: two draws per step,
 * `a[i] = fround(2x/2^32 - 1)`. Used by the golden tests, the statistics script and benchmarks.
 */
export class LcgPolicy {
  private x: number;
  private readonly out = new Float32Array(2);

  constructor(seed: number) {
    this.x = seed >>> 0;
  }

  private next(): number {
    this.x = (Math.imul(1664525, this.x) + 1013904223) >>> 0;
    return this.x;
  }

  /** The next discrete action (0..3). */
  discrete(): number {
    return this.next() >>> 30;
  }

  /** The next continuous action; the array is reused. */
  continuous(): Float32Array {
    this.out[0] = (2 * this.next()) / 2 ** 32 - 1;
    this.out[1] = (2 * this.next()) / 2 ** 32 - 1;
    return this.out;
  }
}
