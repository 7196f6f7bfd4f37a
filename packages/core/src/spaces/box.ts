import { describeValue, GymkitError } from "../errors.js";
import type { Rng } from "../rng.js";
import { assertRngArg } from "../rng.js";
import type { Space, SpaceJSON } from "../space.js";
import { formatArray, formatFloat, formatShape } from "./format.js";

/** Element types a `Box` can hold. */
export type BoxDType = "float32" | "float64";
/** The typed array holding one element of a `Box` of dtype `D`. */
export type BoxArray<D extends BoxDType> = D extends "float64" ? Float64Array : Float32Array;

const invalid = (message: string) => new GymkitError("GYMKIT_INVALID_SPACE", `Box: ${message}`);

const isArrayLike = (v: unknown): v is ArrayLike<unknown> =>
  typeof v === "object" && v !== null && typeof (v as { length?: unknown }).length === "number";

/**
 * A (possibly unbounded) box in R^n: Gymnasium's `Box(low, high, shape, dtype)`. Elements are
 * typed arrays of the dtype (`Float32Array` for float32), flat and row-major for multi-dimensional
 * shapes. Bounds are scalars (broadcast) or flat arrays; they are stored in the dtype, so a float32
 * box compares against float32-rounded bounds, exactly as Gymnasium does.
 * @example
 * new Box(-1, 1, [3]);                                     // Box(-1.0, 1.0, (3,), float32)
 * new Box([-4.8, -Infinity], [4.8, Infinity]);             // Box([-4.8 -inf], [4.8 inf], (2,), float32)
 * new Box(0, 1, [2, 2], "float64");
 */
export class Box<D extends BoxDType = "float32"> implements Space<BoxArray<D>> {
  readonly shape: readonly number[];
  readonly dtype: D;
  /** Lower bounds, one per element (`-Infinity` where unbounded below). */
  readonly low: BoxArray<D>;
  /** Upper bounds, one per element (`Infinity` where unbounded above). */
  readonly high: BoxArray<D>;
  /** Numbers per element (product of `shape`). */
  readonly size: number;
  private readonly ctor: Float32ArrayConstructor | Float64ArrayConstructor;

  constructor(
    low: number | ArrayLike<number>,
    high: number | ArrayLike<number>,
    shape?: readonly number[],
    dtype?: D,
  ) {
    const dt = dtype ?? "float32";
    if (dt !== "float32" && dt !== "float64") {
      throw invalid(`dtype must be "float32" or "float64", got ${describeValue(dt)}.`);
    }
    this.dtype = dt as D;
    this.ctor = dt === "float64" ? Float64Array : Float32Array;
    this.shape = Object.freeze(resolveShape(low, high, shape));
    this.size = this.shape.reduce((a, b) => a * b, 1);
    this.low = this.bounds(low, "low");
    this.high = this.bounds(high, "high");
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i]!;
      const hi = this.high[i]!;
      if (lo > hi) {
        throw invalid(
          `low[${i}] = ${formatFloat(lo, dt)} is greater than high[${i}] = ${formatFloat(hi, dt)}; every low must be <= its high.`,
        );
      }
      if (lo === Number.POSITIVE_INFINITY)
        throw invalid(`low[${i}] is +inf; a lower bound may be -inf but not +inf.`);
      if (hi === Number.NEGATIVE_INFINITY)
        throw invalid(`high[${i}] is -inf; an upper bound may be +inf but not -inf.`);
    }
  }

  /** Bounds stored in the dtype; scalars broadcast; NaN and wrong lengths rejected. */
  private bounds(v: unknown, name: "low" | "high"): BoxArray<D> {
    const out = new this.ctor(this.size) as BoxArray<D>;
    if (typeof v === "number") {
      out.fill(v);
    } else if (isArrayLike(v)) {
      if (v.length !== this.size) {
        throw invalid(
          `${name} has ${v.length} values but shape ${formatShape(this.shape)} needs ${this.size}; give one value per element or a scalar.`,
        );
      }
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (typeof x !== "number") {
          throw invalid(`${name}[${i}] must be a number, got ${describeValue(x)}.`);
        }
        out[i] = x;
      }
    } else {
      throw invalid(`${name} must be a number or an array of numbers, got ${describeValue(v)}.`);
    }
    for (let i = 0; i < this.size; i++) {
      if (Number.isNaN(out[i])) throw invalid(`${name}[${i}] is NaN; bounds must be numbers or ±Infinity.`);
      if (out[i] === 0) out[i] = 0; // -0 → 0: JSON cannot keep the sign, and the set is the same
    }
    return out;
  }

  /**
   * True when `x` is a typed array of this dtype's class (`Float32Array` for float32), of the right
   * length, with every value inside its bounds (NaN never is). Allocates nothing: the passive env
   * checker calls it on every step.
   */
  contains(x: unknown): x is BoxArray<D> {
    if (!(x instanceof this.ctor)) return false;
    const low = this.low;
    const high = this.high;
    const n = low.length;
    if (x.length !== n) return false;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      if (!(v >= low[i]! && v <= high[i]!)) return false; // false for NaN too
    }
    return true;
  }

  /**
   * A random element, drawn as Gymnasium does per coordinate: uniform on [low, high) when bounded,
   * low + Exponential(1) when bounded below only, high − Exponential(1) when bounded above only,
   * Normal(0, 1) when unbounded.
   */
  sample(rng: Rng): BoxArray<D> {
    assertRngArg(rng, "Box.sample");
    const out = new this.ctor(this.size) as BoxArray<D>;
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i]!;
      const hi = this.high[i]!;
      const finiteLow = lo !== Number.NEGATIVE_INFINITY;
      const finiteHigh = hi !== Number.POSITIVE_INFINITY;
      let v: number;
      if (finiteLow && finiteHigh) {
        const u = rng.float();
        const width = hi - lo;
        // Bounds near ±max overflow the width; interpolate instead.
        v = Number.isFinite(width) ? lo + width * u : lo * (1 - u) + hi * u;
      } else if (finiteLow) {
        v = lo - Math.log1p(-rng.float());
      } else if (finiteHigh) {
        v = hi + Math.log1p(-rng.float());
      } else {
        v = rng.normal();
      }
      out[i] = Math.min(Math.max(v, lo), hi); // rounding must not step outside the box
    }
    return out;
  }

  /**
   * `action` clipped into the box, component by component (numpy's `np.clip(action, low, high)`;
   * NaN stays NaN), written into `out` (which may be `action` itself) or a new array of the dtype.
   * Throws when `action` or `out` has the wrong length.
   */
  clip(action: ArrayLike<number>, out?: BoxArray<D>): BoxArray<D> {
    const n = this.size;
    if (action?.length !== n || (out !== undefined && out.length !== n)) {
      const bad = action?.length !== n ? `action ${describeValue(action)}` : `out ${describeValue(out)}`;
      throw invalid(`clip: ${bad} must have ${n} numbers (shape ${formatShape(this.shape)}).`);
    }
    const target = out ?? (new this.ctor(n) as BoxArray<D>);
    const { low, high } = this;
    for (let i = 0; i < n; i++) {
      const v = action[i]!;
      target[i] = Math.min(Math.max(v, low[i]!), high[i]!); // NaN stays NaN, as np.clip
    }
    return target;
  }

  /**
   * True when bounded on the given side(s) in every coordinate (Gymnasium's `is_bounded`).
   * @default manner "both"
   */
  isBounded(manner: "both" | "below" | "above" = "both"): boolean {
    const below = this.low.every((v) => v !== Number.NEGATIVE_INFINITY);
    const above = this.high.every((v) => v !== Number.POSITIVE_INFINITY);
    return manner === "below" ? below : manner === "above" ? above : below && above;
  }

  /** Same dtype, shape and bounds. */
  equals(other: unknown): boolean {
    if (!(other instanceof Box) || other.dtype !== this.dtype) return false;
    if (other.shape.length !== this.shape.length || other.shape.some((d, i) => d !== this.shape[i])) {
      return false;
    }
    for (let i = 0; i < this.size; i++) {
      if (other.low[i] !== this.low[i] || other.high[i] !== this.high[i]) return false;
    }
    return true;
  }

  /** Bounds as arrays, infinities as the strings `"inf"`/`"-inf"` (JSON has no Infinity). */
  toJSON(): SpaceJSON {
    const encode = (v: number): number | string =>
      v === Number.POSITIVE_INFINITY ? "inf" : v === Number.NEGATIVE_INFINITY ? "-inf" : v;
    return {
      type: "Box",
      low: Array.from(this.low, encode),
      high: Array.from(this.high, encode),
      shape: [...this.shape],
      dtype: this.dtype,
    };
  }

  /** Gymnasium's repr: `Box(-1.0, 1.0, (3,), float32)`, `Box([-4.8 -inf], [4.8 inf], (2,), float32)`. */
  toString(): string {
    return `Box(${this.boundRepr(this.low)}, ${this.boundRepr(this.high)}, ${formatShape(this.shape)}, ${this.dtype})`;
  }

  /** A scalar when all bounds are equal (Gymnasium's `_short_repr`), else the array. */
  private boundRepr(values: BoxArray<D>): string {
    const first = values[0];
    if (first !== undefined && values.every((v) => v === first)) return formatFloat(first, this.dtype);
    return formatArray(values, this.shape, this.dtype);
  }
}

/** The explicit shape, or the bounds' length, or `[1]` for two scalars (as Gymnasium). */
function resolveShape(low: unknown, high: unknown, shape: readonly number[] | undefined): number[] {
  if (shape !== undefined) {
    if (!Array.isArray(shape)) {
      throw invalid(`shape must be an array of positive integers, got ${describeValue(shape)}.`);
    }
    shape.forEach((d, i) => {
      if (typeof d !== "number" || !Number.isSafeInteger(d) || d <= 0) {
        throw invalid(
          `shape[${i}] must be a positive integer, got ${describeValue(d)} (shape ${describeValue(shape)}).`,
        );
      }
    });
    return [...shape];
  }
  const lowLen = isArrayLike(low) ? low.length : undefined;
  const highLen = isArrayLike(high) ? high.length : undefined;
  if (lowLen !== undefined && highLen !== undefined && lowLen !== highLen) {
    throw invalid(`low has ${lowLen} values and high has ${highLen}; they must have the same length.`);
  }
  const len = lowLen ?? highLen;
  if (len === 0) throw invalid("low and high are empty; a Box needs at least one element.");
  return [len ?? 1];
}
