import { describeValue, GymkitError } from "./errors.js";
import { assertEnvSeed, BaseRng, type Rng, type RngState } from "./rng.js";

/*
 * numpy's default generator, bit for bit: `np.random.default_rng(seed)` and Gymnasium's
 * `seeding.np_random(seed)` both build Generator(PCG64(SeedSequence(seed))).
 * Written from numpy's sources: numpy/random/bit_generator.pyx (SeedSequence),
 * numpy/random/src/pcg64/pcg64.h (PCG64 with XSL-RR output and 32-bit buffering) and
 * numpy/random/src/distributions (next_double, buffered_bounded_lemire_uint32).
 */

// SeedSequence hashing constants (Melissa O'Neill's seed_seq design, as numpy uses it).
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const POOL_SIZE = 4;

/**
 * numpy's `SeedSequence(entropy, spawn_key)`: mixes the entropy words into a 4-word pool, from
 * which `generateState` draws any number of well-mixed 32-bit words.
 */
export class SeedSequence {
  /** The mixed entropy pool, 4 uint32 words (numpy's `seed_seq.pool`). */
  readonly pool: Uint32Array;

  constructor(
    readonly entropy: readonly number[],
    readonly spawnKey: readonly number[] = [],
  ) {
    this.pool = mixEntropy(assembleEntropy(entropy, spawnKey));
  }

  /**
   * A SeedSequence from a non-negative integer seed (a safe integer, or a bigint of any size, as
   * Python's int), split into little-endian 32-bit words.
   */
  static fromSeed(seed: number | bigint, spawnKey: readonly number[] = []): SeedSequence {
    return new SeedSequence(seedWords(seed), spawnKey);
  }

  /** `n` uint32 words (numpy's `generate_state(n, np.uint32)`). */
  generateState(n: number): Uint32Array {
    const out = new Uint32Array(n);
    let hashConst = INIT_B;
    for (let i = 0; i < n; i++) {
      let v = this.pool[i % POOL_SIZE]! ^ hashConst;
      hashConst = Math.imul(hashConst, MULT_B) >>> 0;
      v = Math.imul(v, hashConst) >>> 0;
      v = (v ^ (v >>> 16)) >>> 0;
      out[i] = v;
    }
    return out;
  }

  /** `n` uint64 words as BigInts (numpy's `generate_state(n, np.uint64)`: pairs of uint32, low first). */
  generateState64(n: number): bigint[] {
    const w = this.generateState(2 * n);
    return Array.from({ length: n }, (_, i) => (BigInt(w[2 * i + 1]!) << 32n) | BigInt(w[2 * i]!));
  }
}

/** numpy's `_int_to_uint32_array`: little-endian 32-bit words, `[0]` for zero. */
function seedWords(seed: number | bigint): number[] {
  assertEnvSeed(seed);
  if (typeof seed === "bigint") {
    const words: number[] = [];
    for (let v = seed; v > 0n || words.length === 0; v >>= 32n) words.push(Number(v & 0xffffffffn));
    return words;
  }
  const words = [seed >>> 0];
  const hi = Math.floor(seed / 4294967296);
  if (hi > 0) words.push(hi);
  return words;
}

/** numpy's `get_assembled_entropy`: entropy (zero-padded to the pool size when a spawn key follows) + spawn key. */
function assembleEntropy(entropy: readonly number[], spawnKey: readonly number[]): number[] {
  for (const w of [...entropy, ...spawnKey]) {
    if (!Number.isInteger(w) || w < 0 || w > 0xffffffff) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `SeedSequence: entropy and spawn-key words must be uint32 integers, got ${describeValue(w)}.`,
      );
    }
  }
  const run = entropy.length === 0 ? [0] : [...entropy];
  if (spawnKey.length > 0) while (run.length < POOL_SIZE) run.push(0);
  return [...run, ...spawnKey];
}

function mixEntropy(entropy: readonly number[]): Uint32Array {
  const mixer = new Uint32Array(POOL_SIZE);
  let hashConst = INIT_A;
  const hashmix = (value: number): number => {
    value = (value ^ hashConst) >>> 0;
    hashConst = Math.imul(hashConst, MULT_A) >>> 0;
    value = Math.imul(value, hashConst) >>> 0;
    return (value ^ (value >>> 16)) >>> 0;
  };
  const mix = (x: number, y: number): number => {
    const r = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
    return (r ^ (r >>> 16)) >>> 0;
  };
  for (let i = 0; i < POOL_SIZE; i++) mixer[i] = hashmix(i < entropy.length ? entropy[i]! : 0);
  for (let src = 0; src < POOL_SIZE; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) {
      if (src !== dst) mixer[dst] = mix(mixer[dst]!, hashmix(mixer[src]!));
    }
  }
  for (let src = POOL_SIZE; src < entropy.length; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) mixer[dst] = mix(mixer[dst]!, hashmix(entropy[src]!));
  }
  return mixer;
}

/** PCG's default 128-bit LCG multiplier. */
const MULT_128 = 0x2360ed051fc65da44385df649fccf645n;
const TWO_POW_M53 = 2 ** -53;
const TWO_POW_24 = 16777216;
const TWO_POW_M24 = 2 ** -24;

/** A 128-bit value as 6 limbs of 24 bits (the top limb holds 8 bits), least significant first. */
/** A 128-bit value as six 24-bit limbs, least significant first. */
type Limbs24 = [number, number, number, number, number, number];

function limbs24(v: bigint): Limbs24 {
  return Array.from({ length: 6 }, (_, i) => Number((v >> BigInt(24 * i)) & 0xffffffn)) as Limbs24;
}

function fromLimbs24(l: readonly number[]): bigint {
  let v = 0n;
  for (let i = 5; i >= 0; i--) v = (v << 24n) | BigInt(l[i]!);
  return v & ((1n << 128n) - 1n);
}

const [M0, M1, M2, M3, M4, M5] = limbs24(MULT_128);

/**
 * numpy's `PCG64` bit generator: a 128-bit LCG (`state = state * MULT + inc`) with the XSL-RR
 * output function. The 128-bit arithmetic runs on 24-bit limbs held in doubles: a partial product
 * is below 2^48 and a column sums at most 6 of them, so everything stays exact (no BigInt on the
 * hot path, 21 multiplications per step).
 */
export class Pcg64 {
  // State and increment limbs (24 bits each, s5/c5 hold the top 8 bits), least significant first.
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private s4 = 0;
  private s5 = 0;
  private c0 = 0;
  private c1 = 0;
  private c2 = 0;
  private c3 = 0;
  private c4 = 0;
  private c5 = 0;
  /** numpy's `has_uint32` / `uinteger`: the upper half of a 64-bit draw kept for the next `nextUint32`. */
  hasUint32 = false;
  uinteger = 0;
  /** Upper and lower 32 bits of the last 64-bit output (`next64` writes them). */
  hi = 0;
  lo = 0;

  /** numpy's `pcg64_set_seed(seed = [s0, s1], inc = [i0, i1])` with 128-bit values s0·2^64 + s1 and i0·2^64 + i1. */
  static fromSeedSequence(seq: SeedSequence): Pcg64 {
    const [s0, s1, i0, i1] = seq.generateState64(4) as [bigint, bigint, bigint, bigint];
    const g = new Pcg64();
    g.seed((s0 << 64n) | s1, (i0 << 64n) | i1);
    return g;
  }

  /** pcg64_srandom_r: state = 0, inc = initseq·2 + 1, step, state += initstate, step. */
  seed(initState: bigint, initSeq: bigint): void {
    const mask = (1n << 128n) - 1n;
    this.setRaw(0n, ((initSeq << 1n) | 1n) & mask);
    this.step();
    const { state, inc } = this.getRaw();
    this.setRaw((state + initState) & mask, inc);
    this.step();
    this.hasUint32 = false;
    this.uinteger = 0;
  }

  /** The 128-bit state and increment as BigInts (numpy's `bit_generator.state["state"]`). */
  getRaw(): { state: bigint; inc: bigint } {
    return {
      state: fromLimbs24([this.s0, this.s1, this.s2, this.s3, this.s4, this.s5]),
      inc: fromLimbs24([this.c0, this.c1, this.c2, this.c3, this.c4, this.c5]),
    };
  }

  setRaw(state: bigint, inc: bigint): void {
    [this.s0, this.s1, this.s2, this.s3, this.s4, this.s5] = limbs24(state);
    [this.c0, this.c1, this.c2, this.c3, this.c4, this.c5] = limbs24(inc);
  }

  /** state = state * MULT + inc (mod 2^128), column by column with carries. */
  private step(): void {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    const s4 = this.s4;
    const s5 = this.s5;
    let col = s0 * M0 + this.c0;
    let carry = Math.floor(col * TWO_POW_M24);
    this.s0 = col - carry * TWO_POW_24;
    col = s0 * M1 + s1 * M0 + this.c1 + carry;
    carry = Math.floor(col * TWO_POW_M24);
    this.s1 = col - carry * TWO_POW_24;
    col = s0 * M2 + s1 * M1 + s2 * M0 + this.c2 + carry;
    carry = Math.floor(col * TWO_POW_M24);
    this.s2 = col - carry * TWO_POW_24;
    col = s0 * M3 + s1 * M2 + s2 * M1 + s3 * M0 + this.c3 + carry;
    carry = Math.floor(col * TWO_POW_M24);
    this.s3 = col - carry * TWO_POW_24;
    col = s0 * M4 + s1 * M3 + s2 * M2 + s3 * M1 + s4 * M0 + this.c4 + carry;
    carry = Math.floor(col * TWO_POW_M24);
    this.s4 = col - carry * TWO_POW_24;
    // Top limb: only its low 8 bits survive mod 2^128 (the column stays below 2^53).
    col = s0 * M5 + s1 * M4 + s2 * M3 + s3 * M2 + s4 * M1 + s5 * M0 + this.c5 + carry;
    this.s5 = col - Math.floor(col * (1 / 256)) * 256; // col % 256 without a slow double modulo
  }

  /** Advances and computes the next 64-bit output into `hi`/`lo` (pcg64_random_r: step, then XSL-RR). */
  next64(): void {
    this.step();
    const s1 = this.s1;
    const s2 = this.s2;
    // XSL: (state >> 64) ^ (state & (2^64 - 1)), as two 32-bit halves. Bits 0..31 are
    // s0 | (s1 & 0xff) << 24; 32..63: s1 >> 8 | (s2 & 0xffff) << 16; 64..95: s2 >> 16 | s3 << 8;
    // 96..127: s4 | s5 << 24.
    const xHi = ((this.s4 | (this.s5 << 24)) ^ ((s1 >>> 8) | ((s2 & 0xffff) << 16))) >>> 0;
    const xLo = (((s2 >>> 16) | (this.s3 << 8)) ^ (this.s0 | ((s1 & 0xff) << 24))) >>> 0;
    // RR: rotate right by the top 6 bits of the state. Branch-free (the amount is random, so
    // branches would mispredict): swap the halves when rot >= 32, then rotate both by rot & 31;
    // `(v << 1) << (31 - r)` is `v << (32 - r)` but yields 0 for r = 0.
    const rot = this.s5 >>> 2;
    const swap = -(rot >>> 5); // 0 or -1
    const h = (xHi & ~swap) | (xLo & swap);
    const l = (xLo & ~swap) | (xHi & swap);
    const r = rot & 31;
    this.hi = ((h >>> r) | ((l << 1) << (31 - r))) >>> 0;
    this.lo = ((l >>> r) | ((h << 1) << (31 - r))) >>> 0;
  }

  /** The next raw 64-bit output as a BigInt (numpy's `random_raw()`); for tests and tools. */
  nextRaw(): bigint {
    this.next64();
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** pcg64_next32: the low half of a fresh 64-bit draw, keeping the high half for the next call. */
  nextUint32(): number {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    this.next64();
    this.hasUint32 = true;
    this.uinteger = this.hi;
    return this.lo;
  }

  /** next_double: (next_uint64 >> 11) * 2^-53. Does not touch the 32-bit buffer, as in numpy. */
  nextDouble(): number {
    this.next64();
    return (this.hi * 2097152 + (this.lo >>> 11)) * TWO_POW_M53;
  }
}

/** Spawn-key word that marks a labelled fork (ASCII "labl"), followed by the label's FNV-1a hash. */
const LABEL_TAG = 0x6c61626c;

function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * numpy's `Generator(PCG64(SeedSequence(seed)))` as a gymkit `Rng`. These draws equal numpy's
 * bit for bit: `float()` = `random()`, `uniform(lo, hi)` = `uniform(lo, hi)`, `int(n)` =
 * `integers(n)` (numpy's Lemire rejection on buffered 32-bit draws), `integers(lo, hi)` =
 * `integers(lo, hi)`, `uint32()` = the bit generator's `next_uint32`. `normal` and `choice` come
 * from `BaseRng` and do not follow numpy's algorithms.
 *
 * Forks follow `SeedSequence.spawn`: the n-th unlabelled `fork()` is
 * `SeedSequence(entropy, spawn_key = parentKey + (n,))`, exactly numpy's `spawn()` children;
 * `fork(label)` uses `spawn_key = parentKey + (0x6c61626c, fnv1a32(label))`, so a label always
 * names the same stream regardless of how much was drawn or forked before.
 */
export class NumpyRng extends BaseRng {
  readonly algorithm = "numpy-pcg64";
  /** @internal The PCG64 bit generator under it (for tests against numpy's streams). */
  readonly bitGenerator: Pcg64;
  private forks = 0;
  private seq: SeedSequence;

  /** @internal Use `createNumpyRng(seed)`. */
  constructor(seedSequence: SeedSequence) {
    super();
    this.seq = seedSequence;
    this.bitGenerator = Pcg64.fromSeedSequence(seedSequence);
  }

  /** @internal The SeedSequence this generator was built from (forks derive from it). */
  get seedSequence(): SeedSequence {
    return this.seq;
  }

  uint32(): number {
    return this.bitGenerator.nextUint32();
  }

  override float(): number {
    return this.bitGenerator.nextDouble();
  }

  override uniform(low: number, high: number): number {
    return low + (high - low) * this.bitGenerator.nextDouble();
  }

  /** numpy's `integers(0, n)` for 1 <= n <= 2^32: `random_bounded_uint64_fill` with rng = n - 1. */
  override int(n: number): number {
    if (!(n >= 1 && n <= 4294967296) || !Number.isInteger(n)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Rng.int(n): n must be an integer in [1, 2^32], got ${describeValue(n)}.`,
      );
    }
    if (n === 1) return 0; // rng == 0: numpy draws nothing
    if (n === 4294967296) return this.bitGenerator.nextUint32(); // rng == 0xFFFFFFFF
    // buffered_bounded_lemire_uint32: m = x * n (64-bit); accept unless low 32 bits < (2^32 - n) % n.
    let x = this.bitGenerator.nextUint32();
    let lo = mulLo32(x, n);
    if (lo < n) {
      const threshold = (4294967296 - n) % n;
      while (lo < threshold) {
        x = this.bitGenerator.nextUint32();
        lo = mulLo32(x, n);
      }
    }
    return mulHi32(x, n);
  }

  fork(label?: string): Rng {
    const key = label === undefined ? [this.forks++] : [LABEL_TAG, fnv1a32(label)];
    const seq = this.seedSequence;
    return new NumpyRng(new SeedSequence(seq.entropy, [...seq.spawnKey, ...key]));
  }

  getState(): RngState {
    const { state, inc } = this.bitGenerator.getRaw();
    const g = this.bitGenerator;
    const words = (v: bigint) => [0, 1, 2, 3].map((i) => Number((v >> BigInt(32 * (3 - i))) & 0xffffffffn));
    return {
      algorithm: this.algorithm,
      state: [...words(state), ...words(inc), g.hasUint32 ? 1 : 0, g.uinteger],
      path: JSON.stringify({ entropy: this.seedSequence.entropy, spawnKey: this.seedSequence.spawnKey }),
      forks: this.forks,
    };
  }

  setState(state: RngState): void {
    if (state.algorithm !== this.algorithm || state.state.length !== 10) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Cannot restore a ${state.algorithm} state (${state.state.length} words) into a ${this.algorithm} generator (10 words).`,
      );
    }
    const big = (ws: readonly number[]) => ws.reduce((acc, w) => (acc << 32n) | BigInt(w >>> 0), 0n);
    const w = state.state;
    this.bitGenerator.setRaw(big(w.slice(0, 4)), big(w.slice(4, 8)));
    this.bitGenerator.hasUint32 = w[8] === 1;
    this.bitGenerator.uinteger = w[9]! >>> 0;
    const path = JSON.parse(state.path) as { entropy: number[]; spawnKey: number[] };
    this.seq = new SeedSequence(path.entropy, path.spawnKey);
    this.forks = state.forks;
  }
}

/** Low 32 bits of the 64-bit product x * n (x, n < 2^32), exactly. */
function mulLo32(x: number, n: number): number {
  return Math.imul(x, n) >>> 0;
}

/** High 32 bits of the 64-bit product x * n (x, n < 2^32), exactly, via 16-bit halves. */
function mulHi32(x: number, n: number): number {
  const xl = x & 0xffff;
  const xh = x >>> 16;
  const pl = xl * n; // < 2^48
  const ph = xh * n; // < 2^48
  // x*n = ph * 2^16 + pl; high word = floor((ph + floor(pl / 2^16)) / 2^16)
  return Math.floor((ph + Math.floor(pl / 65536)) / 65536);
}

/**
 * A numpy-compatible generator: `createNumpyRng(s)` draws what `np.random.default_rng(s)` (and
 * Gymnasium's `seeding.np_random(s)`) draws. Without a seed, 128 bits of OS entropy are used,
 * as `SeedSequence(None)` does.
 * A seed may be a bigint of any size (numpy takes any Python int): `createNumpyRng(2n ** 64n + 1n)`.
 * @example const rng = createNumpyRng(0); rng.float(); // 0.6369616873214543, as default_rng(0).random()
 */
export function createNumpyRng(seed?: number | bigint): NumpyRng {
  if (seed === undefined) {
    // Web Crypto, global in Node >= 20 and in browsers: no node:crypto import, so this file bundles.
    const words = globalThis.crypto.getRandomValues(new Uint32Array(4));
    return new NumpyRng(new SeedSequence(Array.from(words)));
  }
  assertEnvSeed(seed);
  return new NumpyRng(SeedSequence.fromSeed(seed));
}
