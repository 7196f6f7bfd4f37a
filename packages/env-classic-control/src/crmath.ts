/**
 * Correctly rounded float64 `sin` and `cos` (round to nearest), written for this package from the
 * published recipe of correctly rounded libraries (Ziv's strategy as in crlibm and CORE-MATH):
 *
 * 1. fast path: Cody–Waite reduction by pi/2 (pi/2 as three doubles, exact products by Dekker's
 *    two-product), then a table step `r = j/256 + t` with sin/cos(j/256) as double-doubles and a
 *    short Taylor polynomial in t (|t| <= 2^-9), summed in double-double arithmetic, relative error
 *    well below 2^-68;
 * 2. rounding test: if the double-double result plus or minus its error bound rounds to the same
 *    double, that double is the correctly rounded result;
 * 3. otherwise (about 1 call in 10^4, and every |x| >= 1024) an exact slow path: BigInt fixed-point
 *    reduction with pi to as many bits as the exponent needs (Payne–Hanek in spirit: only the bits
 *    of 2/pi that matter) and Taylor series, retried with more bits until the rounding is decided.
 *
 * Why: Gymnasium's sin/cos are glibc's, which are correctly rounded for all but rare arguments,
 * while V8's Math.sin/Math.cos (fdlibm) differ from them in the last bit for ~3% of arguments.
 * No code from any libm was used: the tables and pi are computed here with BigInt at load time.
 */

// ---------------------------------------------------------------------------------------------
// BigInt fixed point (value = N / 2^F) and pi

/** pi * 2^bits, rounded down, by Machin's formula pi = 16 atan(1/5) - 4 atan(1/239). */
function piFixed(bits: number): bigint {
  const guard = 32;
  const one = 1n << BigInt(bits + guard);
  const atanInv = (n: bigint): bigint => {
    const n2 = n * n;
    let term = one / n;
    let sum = term;
    for (let k = 1n; term !== 0n; k++) {
      term /= n2;
      sum += (k & 1n ? -term : term) / (2n * k + 1n);
    }
    return sum;
  };
  return (16n * atanInv(5n) - 4n * atanInv(239n)) >> BigInt(guard);
}

let piBits = 0;
let piBig = 0n;
/** pi/2 * 2^bits (truncated; the error is below 2^-bits + the pi error). */
function halfPiFixed(bits: number): bigint {
  if (bits + 1 > piBits) {
    piBits = Math.max(bits + 64, 2 * piBits);
    piBig = piFixed(piBits);
  }
  return piBig >> BigInt(piBits - bits + 1);
}

/** sin and cos of R / 2^F (|R / 2^F| <= 1) by Taylor series; each error below 2^(8-F). */
function sinCosFixed(R: bigint, F: number): [bigint, bigint] {
  const Fb = BigInt(F);
  const r2 = (R * R) >> Fb;
  let s = R;
  let term = R;
  for (let n = 2n; term !== 0n; n += 2n) {
    term = -((term * r2) >> Fb) / (n * (n + 1n));
    s += term;
  }
  const one = 1n << Fb;
  let c = one;
  term = one;
  for (let n = 1n; term !== 0n; n += 2n) {
    term = -((term * r2) >> Fb) / (n * (n + 1n));
    c += term;
  }
  return [s, c];
}

/** The nearest double to N / 2^F, where |N / 2^F| >= 2^-1000. */
function toDouble(N: bigint, F: number): number {
  let v = Number(N); // Number(bigint) rounds to nearest
  let f = F;
  while (f > 1000) {
    v *= 2 ** -1000;
    f -= 1000;
  }
  return v * 2 ** -f; // exact: a power of two, no underflow for our magnitudes
}

const bits = new DataView(new ArrayBuffer(8));
/** x = m * 2^e with integer m (x finite, nonzero). */
function decompose(x: number): [bigint, number] {
  bits.setFloat64(0, x);
  const hi = bits.getUint32(0);
  const lo = bits.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) m |= 1n << 52n;
  if (hi >>> 31) m = -m;
  return [m, (biased === 0 ? 1 : biased) - 1075];
}

/** Correctly rounded sin (which = 0) or cos (which = 1) of a finite nonzero x, exactly. */
export function slowSinCos(x: number, which: 0 | 1): number {
  const [m, e] = decompose(x);
  // Fractional bits: enough for the smallest |x| we see here and for the closest approach of any
  // double to a multiple of pi/2 (about 2^-62), with 128 bits to spare; grown on each retry.
  for (let F = 256 + Math.max(0, -(e + 52)); ; F += 128) {
    const extra = Math.max(0, e + 53); // bits of the quadrant number k
    const W = F + extra + 8;
    const X = e + W >= 0 ? m << BigInt(e + W) : m >> BigInt(-(e + W)); // exact while e + W >= 0
    const HP = halfPiFixed(W);
    // k = round(X / HP); R = X - k * HP, then back to F bits
    let k = X / HP;
    let R = X - k * HP;
    if (2n * R > HP) {
      k += 1n;
      R -= HP;
    } else if (2n * R < -HP) {
      k -= 1n;
      R += HP;
    }
    R >>= BigInt(extra + 8);
    const [s, c] = sinCosFixed(R, F);
    const q = Number(((k % 4n) + 4n) % 4n);
    const quadrant = (q + which) & 3; // cos(x) = sin(x + pi/2)
    const V = quadrant === 0 ? s : quadrant === 1 ? c : quadrant === 2 ? -s : -c;
    const err = 1n << 12n; // reduction (k * 2^-W, scaled) plus series errors, generously
    const lo = toDouble(V - err, F);
    if (lo === toDouble(V + err, F)) return lo;
  }
}

// ---------------------------------------------------------------------------------------------
// Double-double fast path

/** pi/2 = C1 + C2 + C3 (+ below 2^-160), from the BigInt pi. */
const [C1, C2, C3] = (() => {
  const F = 220;
  let H = halfPiFixed(F);
  const out: number[] = [];
  for (let i = 0; i < 3; i++) {
    const d = toDouble(H, F);
    out.push(d);
    H -= BigInt(d * 2 ** F); // d * 2^F is an integer (ulp(d) >= 2^-160)
  }
  return out as [number, number, number];
})();
const TWO_OVER_PI = 2 / Math.PI;

/** sin(j/256) and cos(j/256), j = 0..203, as double-doubles (hi, lo interleaved). */
const TABLE_STEPS = 204;
const SIN_TAB = new Float64Array(2 * TABLE_STEPS);
const COS_TAB = new Float64Array(2 * TABLE_STEPS);
(() => {
  const F = 200;
  const Fb = BigInt(F);
  // sin/cos(1/256) by series, then angle addition: the error grows by ~2^-200 per step.
  const [s1, c1] = sinCosFixed(1n << BigInt(F - 8), F);
  let s = 0n;
  let c = 1n << Fb;
  for (let j = 0; j < TABLE_STEPS; j++) {
    for (const [V, tab] of [
      [s, SIN_TAB],
      [c, COS_TAB],
    ] as const) {
      const hi = V === 0n ? 0 : toDouble(V, F);
      const rest = V - BigInt(hi * 2 ** F); // an integer: ulp(hi) >= 2^-61
      tab[2 * j] = hi;
      tab[2 * j + 1] = rest === 0n ? 0 : toDouble(rest, F);
    }
    [s, c] = [(s * c1 + c * s1) >> Fb, (c * c1 - s * s1) >> Fb];
  }
})();

// Dekker's exact product without FMA: a * b = R[PH] + R[PL].
const SPLIT = 134217729; // 2^27 + 1
/**
 * Scratch for the results of twoProd, reduce and sinCosReduced: [PH, PL, RH, RL, RQ, SH, SL, X].
 * A typed array holds raw doubles; module-level `let`s would allocate a heap number per store.
 */
const R = new Float64Array(8);
const PH = 0;
const PL = 1;
const RH = 2;
const RL = 3;
const RQ = 4;
const SH = 5;
const SL = 6;
/** The argument, passed through R too: V8 boxes double arguments of calls it does not inline. */
const X = 7;

function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  R[PH] = p;
  R[PL] = ah * bh - p + ah * bl + al * bh + al * bl;
}

// reduce() leaves the reduced argument r = R[RH] + R[RL] and the quadrant R[RQ].
/** Fast path limit: k < 2^10 keeps the reduction error below 2^-125 absolute. */
const FAST_LIMIT = 1024;
/** Relative error bound of the fast path's double-double result (measured max is far below). */
const EPS = 2 ** -68;
/** Absolute error bound of the reduction (k * ulp(k * C3) and the neglected C4). */
const EPS_ABS = 2 ** -118;

function reduce(): void {
  const x = R[X]!;
  const k = Math.round(x * TWO_OVER_PI);
  if (k === 0) {
    R[RH] = x;
    R[RL] = 0;
    R[RQ] = 0;
    return;
  }
  twoProd(k, C1);
  const p1h = R[PH]!;
  const p1l = R[PL]!;
  twoProd(k, C2);
  const p2h = R[PH]!;
  const p2l = R[PL]!;
  const s = x - p1h; // exact (Sterbenz): x and k * C1 are within a factor 2
  // h + l = s - p1l - p2h - p2l - k * C3, with two exact two-sums for the large terms
  let h = s - p1l;
  let bv = h - s;
  let l = s - (h - bv) + (-p1l - bv);
  const h2 = h - p2h;
  bv = h2 - h;
  l += h - (h2 - bv) + (-p2h - bv);
  h = h2;
  l = l - p2l - k * C3;
  R[RH] = h + l;
  R[RL] = l - (R[RH]! - h);
  R[RQ] = k & 3;
}

// sinCosReduced() leaves sin(r) or cos(r) as R[SH] + R[SL].
function sinCosReduced(wantCos: boolean): void {
  const jf = Math.round(R[RH]! * 256);
  const j = jf < 0 ? -jf : jf;
  const sign = jf < 0 ? -1 : 1;
  const th = R[RH]! - jf / 256; // exact
  const tl = R[RL]!;
  const t2 = th * th;
  // sin t = t + v, cos t = 1 + u (Taylor; |t| <= 2^-9, truncation below 2^-90)
  const v = th * t2 * (-1 / 6 + t2 * (1 / 120 - t2 / 5040)) - 0.5 * t2 * tl;
  const u = -0.5 * (t2 + 2 * th * tl) + t2 * t2 * (1 / 24 - t2 / 720);
  const sh = sign * SIN_TAB[2 * j]!;
  const sl = sign * SIN_TAB[2 * j + 1]!;
  const ch = COS_TAB[2 * j]!;
  const cl = COS_TAB[2 * j + 1]!;
  let ah: number;
  let al: number;
  let bh: number;
  let rest: number;
  if (!wantCos) {
    // sin(a + t) = Sa + Ca*t + (Sa*u + Ca*v)
    twoProd(ch, th);
    ah = sh;
    al = sl;
    bh = R[PH]!;
    rest = R[PL]! + ch * tl + cl * th + sh * u + ch * v;
  } else {
    // cos(a + t) = Ca - Sa*t + (Ca*u - Sa*v)
    twoProd(-sh, th);
    ah = ch;
    al = cl;
    bh = R[PH]!;
    rest = R[PL]! - sh * tl - sl * th + ch * u - sh * v;
  }
  const h = ah + bh;
  const bv = h - ah;
  const l = ah - (h - bv) + (bh - bv) + al + rest;
  R[SH] = h + l;
  R[SL] = l - (R[SH]! - h);
}

function finish(wantCos: boolean): number {
  // sin: quadrant 0 sin r, 1 cos r, 2 -sin r, 3 -cos r; cos: 0 cos r, 1 -sin r, 2 -cos r, 3 sin r
  const q = R[RQ]!;
  const useCos = (q & 1) === 0 ? wantCos : !wantCos;
  sinCosReduced(useCos);
  const negate = wantCos ? q === 1 || q === 2 : q >= 2;
  const err = Math.abs(R[SH]!) * EPS + EPS_ABS;
  const a = R[SH]! + (R[SL]! - err);
  if (a === R[SH]! + (R[SL]! + err)) return negate ? -a : a;
  return slowSinCos(R[X]!, wantCos ? 1 : 0);
}

/** Correctly rounded sin(x) (round to nearest, ties to even), for every double x. */
export function crSin(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2 ** -26) return x; // |x^3/6| < half an ulp of x (and sin(-0) = -0)
  if (!(ax < FAST_LIMIT))
    return ax === Number.POSITIVE_INFINITY || Number.isNaN(x) ? Number.NaN : slowSinCos(x, 0);
  R[X] = x;
  reduce();
  return finish(false);
}

/** Correctly rounded cos(x) (round to nearest, ties to even), for every double x. */
export function crCos(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2 ** -27) return 1; // x^2/2 < half an ulp below 1
  if (!(ax < FAST_LIMIT))
    return ax === Number.POSITIVE_INFINITY || Number.isNaN(x) ? Number.NaN : slowSinCos(x, 1);
  R[X] = x;
  reduce();
  return finish(true);
}
