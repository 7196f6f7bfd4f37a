import type { Rng } from "@gymkit/core";
import type { MutableBatch } from "./batch.js";
import type { Sampler } from "./sampler.js";
import type { TransitionStorage } from "./storage.js";

const TWO_POW_32 = 4294967296;
/** Below this, x·n for a 32-bit x is exact in a double, so Lemire's method needs no splitting. */
const FAST_BOUND = 2 ** 21;

/**
 * Uniform integers in [0, n) by Lemire's multiply-and-reject, with the rejection threshold
 * computed once per batch instead of once per draw (`rng.int` recomputes it every call).
 * Unbiased; one `uint32` per draw except with probability < n / 2^32.
 */
export function drawIndex(rng: Rng, n: number, threshold: number): number {
  if (n > FAST_BOUND) return rng.int(n);
  for (;;) {
    const m = rng.uint32() * n;
    const hi = Math.floor(m / TWO_POW_32);
    if (m - hi * TWO_POW_32 >= threshold) return hi;
  }
}

/** Rejection threshold of `drawIndex` for bound n: (2^32 − n) mod n. */
export function indexThreshold(n: number): number {
  return (TWO_POW_32 - n) % n;
}

/**
 * The `uniform` sampler: k slot indices in [0, n), allocation-free, with or without replacement
 * (`replacement` fixed at construction). Without replacement it rejects repeats using a small
 * open-addressing set stamped per call (O(k), not O(capacity) memory), which keeps
 * `random.sample` semantics: a uniform k-subset in random order. It holds no transitions: slots
 * `[0, size)` of any storage are the filled ones, so drawn positions are slots directly.
 */
export class UniformSampler implements Sampler {
  readonly weighted = false;
  readonly random = true;
  private keys = new Int32Array(0);
  private stamps = new Uint32Array(0);
  private stamp = 0;
  private mask = 0;

  constructor(
    /** Independent draws (Stable-Baselines3) instead of a k-subset (`random.sample`). */
    readonly replacement: boolean,
  ) {}

  sample(storage: TransitionStorage, k: number, rng: Rng, out: MutableBatch): void {
    this.draw(rng, storage.size, k, out.indices);
  }

  /** Nothing to do: every filled slot is equally likely. */
  added(_slot: number): void {}

  clear(): void {}

  hint(_capacity: number): string {
    return "set learningStarts >= batchSize.";
  }

  /** Writes k indices in [0, n) into `out`. Requires 1 <= k and, without replacement, k <= n. */
  draw(rng: Rng, n: number, k: number, out: Int32Array): void {
    const threshold = indexThreshold(n);
    if (this.replacement) {
      for (let i = 0; i < k; i++) out[i] = drawIndex(rng, n, threshold);
      return;
    }
    if (k * 2 > n) {
      // Dense draw: rejection would approach the coupon collector; partial Fisher-Yates instead.
      rng.choice(n, k, out);
      return;
    }
    this.reserve(k);
    const stamp = this.nextStamp();
    const keys = this.keys;
    const stamps = this.stamps;
    const mask = this.mask;
    let filled = 0;
    while (filled < k) {
      const c = drawIndex(rng, n, threshold);
      let h = Math.imul(c, 0x9e3779b1) >>> 0;
      for (;;) {
        h &= mask;
        if (stamps[h] !== stamp) {
          stamps[h] = stamp;
          keys[h] = c;
          out[filled++] = c;
          break;
        }
        if (keys[h] === c) break; // repeat: draw again
        h++;
      }
    }
  }

  /** Table of at least 4k slots (load ≤ 1/4 keeps probes short). */
  private reserve(k: number): void {
    let size = 16;
    while (size < k * 4) size *= 2;
    if (this.keys.length >= size) return;
    this.keys = new Int32Array(size);
    this.stamps = new Uint32Array(size);
    this.mask = size - 1;
    this.stamp = 0;
  }

  private nextStamp(): number {
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.stamps.fill(0); // 2^32 calls later: restart the stamps
      this.stamp = 1;
    }
    return this.stamp;
  }
}
