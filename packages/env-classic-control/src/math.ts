/**
 * The one place where the envs' elementary functions are chosen.
 *
 * Gymnasium's `np.sin`/`np.cos`/`math.cos` on float64 and `x ** 2` on `np.float64` run on the C
 * library (glibc 2.36 for the golden data: `pow(x, 2.0)`, not `x * x`). V8's `Math.sin`/`Math.cos`
 * (fdlibm) differ from glibc in the last bit for about 3% of arguments, and `x * x` (correctly
 * rounded) from glibc's `pow(x, 2)` for about 0.1%. Everything the dynamics compute goes through
 * these names, so replacing them with glibc-compatible versions changes no other file.
 *
 * sin/cos come in two kinds, chosen per env by the `trig` option (the flag `cr` below):
 * - V8's (`"v8"`, the default): fast; 2.8% of results differ from glibc's in the last bit.
 * - correctly rounded (`"correctly-rounded"`, ./crmath.ts): glibc 2.36 is correctly rounded for all
 *   but ~0.1% of arguments, so this agrees with it about 25 times more often than V8, at ~3 times
 *   V8's cost per call (see the package README, "Faithful to Gymnasium").
 * `pow(x, 2)` stays `x * x`: glibc's pow is not correctly rounded either (it differs from `x * x`
 * for ~0.08% of x), and matching it would mean reproducing glibc's own algorithm.
 */
import { crCos, crSin } from "./crmath.js";

/** The `trig` option's values. */
export const TRIG_KINDS = ["v8", "correctly-rounded"] as const;
export type TrigKind = (typeof TRIG_KINDS)[number];

/** float64 sine (Gymnasium: `np.sin` on float64 / `math.sin`, i.e. glibc `sin`); `cr`: correctly rounded. */
export function sin(x: number, cr: boolean): number {
  return cr ? crSin(x) : Math.sin(x);
}

/** float64 cosine (Gymnasium: `np.cos` on float64 / `math.cos`, i.e. glibc `cos`); `cr`: correctly rounded. */
export function cos(x: number, cr: boolean): number {
  return cr ? crCos(x) : Math.cos(x);
}

/** `x ** 2` on a float64 (Gymnasium: `np.float64 ** 2`, i.e. glibc `pow(x, 2.0)`). */
export function square(x: number): number {
  return x * x;
}

/**
 * `u ** 2` on a float32 (Gymnasium: `np.float32 ** 2`, i.e. glibc `powf(u, 2.0f)`), rounded to
 * float32. The double product of two float32 values is exact, so this is the correctly rounded
 * square; glibc's `powf` differs from it for about 0.08% of inputs.
 */
export function squareF32(u: number): number {
  return Math.fround(u * u);
}

/**
 * float32 cosine and sine of a float32 value (Gymnasium: `np.cos`/`np.sin` on a float32 array,
 * NumPy's own SIMD polynomial; used only for Acrobot's reset observation, whose state is float32).
 * Rounding the float64 result agrees with NumPy for all but about 0.07% of arguments in [-0.1, 0.1].
 */
export function cosF32(x: number): number {
  return Math.fround(Math.cos(x));
}

/** See `cosF32`. */
export function sinF32(x: number): number {
  return Math.fround(Math.sin(x));
}
