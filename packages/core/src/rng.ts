import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import type { JumpableRandomGenerator } from "pure-rand/types/JumpableRandomGenerator";
import { describeValue, GymkitError } from "./errors.js";

/** Serializable generator state, for checkpoints. */
export interface RngState {
  readonly algorithm: string;
  readonly state: readonly number[];
  readonly path: string;
  readonly forks: number;
}

/**
 * A seeded random number generator. Library code takes randomness only from an `Rng`
 * (never `Math.random`), so one root seed reproduces a whole run.
 */
export interface Rng {
  /** Name of the algorithm, e.g. `xoroshiro128+` or `numpy-pcg64`. */
  readonly algorithm: string;
  /** A uniform 32-bit unsigned integer. The fastest draw; hot paths build on it. */
  uint32(): number;
  /** A uniform double in [0, 1) with 53 random bits. */
  float(): number;
  /** A uniform double in [low, high). */
  uniform(low: number, high: number): number;
  /** A uniform integer in [0, n), for 1 <= n <= 2^32. Unbiased. */
  int(n: number): number;
  /** A uniform integer in [low, high). */
  integers(low: number, high: number): number;
  /** A normal draw with the given mean and standard deviation. */
  normal(mean?: number, std?: number): number;
  /**
   * `k` distinct integers from [0, n), in random order (choice without replacement).
   * Writes into `out` when given (its first k entries) and returns it.
   */
  choice(n: number, k: number, out?: Int32Array): Int32Array;
  /**
   * An independent generator derived from this one's seed and `label` (e.g. "env", "agent",
   * "buffer"). The same label gives the same stream whatever else was drawn before; unlabelled
   * forks are numbered in call order.
   */
  fork(label?: string): Rng;
  getState(): RngState;
  setState(state: RngState): void;
}

/** Throws unless `rng` is a generator (`createRng(seed)`), naming the call that needed it. */
export function assertRngArg(rng: unknown, what: string): asserts rng is Rng {
  const r = rng as Partial<Rng> | null | undefined;
  if (typeof r?.uint32 !== "function" || typeof r.float !== "function" || typeof r.int !== "function") {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${what}(rng) needs a generator from @gymkit/core (createRng(seed)), got ${describeValue(rng)}.`,
    );
  }
}

/** Checks a seed: a non-negative safe integer. Throws a `GYMKIT_INVALID_SEED` error otherwise. */
export function assertSeed(seed: unknown, what = "seed"): asserts seed is number {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed) || seed < 0) {
    throw new GymkitError(
      "GYMKIT_INVALID_SEED",
      `Invalid ${what} ${describeValue(seed)}: a seed must be a non-negative integer (0 <= seed <= ${Number.MAX_SAFE_INTEGER}).`,
    );
  }
}

/**
 * Checks a seed given to an env's `reset({ seed })`: a non-negative safe integer, or a non-negative
 * bigint of any size (Gymnasium takes any Python int; seeds beyond 2^53 only fit in a bigint).
 */
export function assertEnvSeed(seed: unknown, what = "seed"): asserts seed is number | bigint {
  if (typeof seed === "bigint") {
    if (seed < 0n) {
      throw new GymkitError(
        "GYMKIT_INVALID_SEED",
        `Invalid ${what} ${seed}n: a seed must be a non-negative integer (a number up to ${Number.MAX_SAFE_INTEGER}, or a bigint of any size).`,
      );
    }
    return;
  }
  assertSeed(seed, what);
}

/** 32-bit FNV-1a of a string, then avalanche (murmur3 fmix). */
function hash32(text: string, salt: number): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Four non-zero 32-bit words of xoroshiro128+ state derived from a seed path. */
function stateFromPath(path: string): number[] {
  const s: number[] = [hash32(path, 1), hash32(path, 2), hash32(path, 3), hash32(path, 4)];
  if (!s.some((w) => w !== 0)) s[0] = 1; // xoroshiro must not start from all zeros
  return s.map((w) => w | 0);
}

const TWO_POW_31 = 2 ** 31;
const TWO_POW_32 = 4294967296;
const TWO_POW_M53 = 2 ** -53;

/** Shared draws on top of `uint32()`. Subclasses supply the bit source. */
export abstract class BaseRng implements Rng {
  abstract readonly algorithm: string;
  abstract uint32(): number;
  abstract fork(label?: string): Rng;
  abstract getState(): RngState;
  abstract setState(state: RngState): void;

  float(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) * TWO_POW_M53;
  }

  uniform(low: number, high: number): number {
    return low + (high - low) * this.float();
  }

  int(n: number): number {
    // Lemire's nearly-divisionless method, with exact 64-bit products done in two halves.
    if (n === TWO_POW_32) return this.uint32();
    if (!(n >= 1 && n < TWO_POW_32) || !Number.isInteger(n)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Rng.int(n): n must be an integer in [1, 2^32], got ${describeValue(n)}.`,
      );
    }
    // Powers of two take the top bits: xoroshiro128+'s lowest bits are its weakest (an LFSR).
    if ((n & (n - 1)) === 0) return Math.floor((this.uint32() * n) / TWO_POW_32);
    const threshold = (TWO_POW_32 - n) % n;
    for (;;) {
      const x = this.uint32();
      // 64-bit product x*n = hi*2^32 + lo; both halves exact in doubles for n < 2^21, else split.
      const xl = x & 0xffff;
      const xh = x >>> 16;
      const pl = xl * n; // < 2^48
      const ph = xh * n; // < 2^48
      const lo = (pl + (ph % 65536) * 65536) % TWO_POW_32;
      if (lo >= threshold) {
        return Math.floor((ph + Math.floor(pl / 65536)) / 65536);
      }
    }
  }

  integers(low: number, high: number): number {
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || high <= low || high - low > TWO_POW_32) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Rng.integers(low, high): need integers with low < high and high - low <= 2^32, got low=${describeValue(low)}, high=${describeValue(high)}.`,
      );
    }
    return low + this.int(high - low);
  }

  normal(mean = 0, std = 1): number {
    // Marsaglia's polar method. The pair's second value is dropped, not cached: a cached spare would
    // be hidden state that getState()/setState() (implemented by subclasses) do not capture.
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.float() - 1;
      v = 2 * this.float() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    return mean + std * u * Math.sqrt((-2 * Math.log(s)) / s);
  }

  choice(n: number, k: number, into?: Int32Array): Int32Array {
    // Indices land in an Int32Array: n above 2^31 would wrap to negative values.
    if (!Number.isSafeInteger(n) || !Number.isInteger(k) || k < 0 || k > n || n > TWO_POW_31) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Rng.choice(n, k): need integers with 0 <= k <= n <= 2^31 (indices are int32), got n=${describeValue(n)}, k=${describeValue(k)}.`,
      );
    }
    const out = into ?? new Int32Array(k);
    if (out.length < k) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Rng.choice(n, k, out): out has room for ${out.length} values, need k=${k}.`,
      );
    }
    if (k * 4 <= n) {
      // Rejection: O(k) expected for sparse draws. Small k scans what is drawn (no allocation, the
      // replay buffers' case); larger k keeps a Set (a scan was O(k^2): 300 000 of 1e9 never ended).
      // Both accept and reject the same draws, so the result is the same.
      let filled = 0;
      const seen = k > SCAN_LIMIT ? new Set<number>() : undefined;
      while (filled < k) {
        const c = this.int(n);
        let dup = false;
        if (seen) dup = seen.has(c);
        else {
          for (let j = 0; j < filled; j++) {
            if (out[j] === c) {
              dup = true;
              break;
            }
          }
        }
        if (dup) continue;
        seen?.add(c);
        out[filled++] = c;
      }
      return out;
    }
    // Partial Fisher-Yates over [0, n).
    const pool = new Int32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const t = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = t;
      out[i] = pool[i]!;
    }
    return out;
  }
}

/** Up to this many draws, choice() checks duplicates by scanning its output. */
const SCAN_LIMIT = 64;

/** The default generator: xoroshiro128+ from `pure-rand`; forks hash the seed path into a fresh state. */
export class XoroshiroRng extends BaseRng {
  readonly algorithm = "xoroshiro128+";
  private gen: JumpableRandomGenerator;
  private forks = 0;

  constructor(private path: string) {
    super();
    this.gen = xoroshiro128plusFromState(stateFromPath(path));
  }

  uint32(): number {
    return this.gen.next() >>> 0;
  }

  fork(label?: string): Rng {
    const name = label ?? `#${this.forks++}`;
    return new XoroshiroRng(`${this.path}/${name}`);
  }

  getState(): RngState {
    return { algorithm: this.algorithm, state: [...this.gen.getState()], path: this.path, forks: this.forks };
  }

  setState(state: RngState): void {
    checkXoroshiroState(state);
    const words = state.state;
    this.gen = xoroshiro128plusFromState(words as number[]);
    this.path = state.path;
    this.forks = state.forks;
  }
}

const isWord = (w: unknown) => Number.isInteger(w) && (w as number) >= -(2 ** 31) && (w as number) < 2 ** 32;

/**
 * Throws unless `state` is a valid xoroshiro128+ state: four 32-bit words, not all zero (the
 * all-zero state is a fixed point: every draw would be 0), a path and a fork count >= 0. Checkpoint
 * readers call it before they change anything.
 */
export function checkXoroshiroState(state: unknown, what = "xoroshiro128+ state"): asserts state is RngState {
  const s = state as Partial<RngState> | null;
  if (
    typeof s === "object" &&
    s !== null &&
    typeof s.algorithm === "string" &&
    s.algorithm !== "xoroshiro128+"
  ) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `Cannot restore a ${s.algorithm} state into a xoroshiro128+ generator.`,
    );
  }
  if (typeof s !== "object" || s === null || s.algorithm !== "xoroshiro128+") {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `Invalid ${what} ${describeValue(state)}: expected { algorithm: "xoroshiro128+", state, path, forks }.`,
    );
  }
  const words = s.state;
  if (
    !Array.isArray(words) ||
    words.length !== 4 ||
    !words.every(isWord) ||
    typeof s.path !== "string" ||
    !Number.isSafeInteger(s.forks) ||
    (s.forks as number) < 0
  ) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `Invalid ${what} ${describeValue(state)}: expected { state: four 32-bit integers, path: string, forks: integer >= 0 }.`,
    );
  }
  if (words.every((w) => w === 0)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `Invalid ${what}: all four state words are 0, a state xoroshiro128+ never leaves (every draw would be 0).`,
    );
  }
}

/**
 * A seeded generator (xoroshiro128+). The same seed gives the same stream on every platform; a
 * bigint seed (what an env's `reset({ seed })` may receive) gives the stream of the equal number.
 * @example const rng = createRng(42); const envRng = rng.fork("env");
 */
export function createRng(seed: number | bigint): Rng {
  assertEnvSeed(seed);
  return new XoroshiroRng(`seed:${seed}`);
}
