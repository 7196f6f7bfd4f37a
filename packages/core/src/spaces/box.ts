import type { Rng } from "../rng.js";
import type { Space, SpaceJSON } from "../space.js";

export type BoxDType = "float32" | "float64";
export type BoxArray<D extends BoxDType> = D extends "float64" ? Float64Array : Float32Array;

/** TODO(core helper): Gymnasium's `Box(low, high, shape, dtype)`. */
export class Box<D extends BoxDType = "float32"> implements Space<BoxArray<D>> {
  readonly shape: readonly number[];
  readonly dtype: D;
  readonly low: BoxArray<D>;
  readonly high: BoxArray<D>;
  constructor(
    low: number | ArrayLike<number>,
    high: number | ArrayLike<number>,
    shape?: readonly number[],
    dtype?: D,
  ) {
    this.dtype = (dtype ?? "float32") as D;
    const size = shape ? shape.reduce((a, b) => a * b, 1) : typeof low === "number" ? 1 : low.length;
    this.shape = shape ?? [size];
    const make = (v: number | ArrayLike<number>) => {
      const arr = this.dtype === "float64" ? new Float64Array(size) : new Float32Array(size);
      for (let i = 0; i < size; i++) arr[i] = typeof v === "number" ? v : v[i]!;
      return arr as BoxArray<D>;
    };
    this.low = make(low);
    this.high = make(high);
  }
  contains(x: unknown): x is BoxArray<D> {
    const ctor = this.dtype === "float64" ? Float64Array : Float32Array;
    if (!(x instanceof ctor) || x.length !== this.low.length) return false;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (!(v >= this.low[i]! && v <= this.high[i]!)) return false;
    }
    return true;
  }
  sample(rng: Rng): BoxArray<D> {
    const out = (
      this.dtype === "float64" ? new Float64Array(this.low.length) : new Float32Array(this.low.length)
    ) as BoxArray<D>;
    for (let i = 0; i < out.length; i++) out[i] = rng.uniform(this.low[i]!, this.high[i]!);
    return out;
  }
  toJSON(): SpaceJSON {
    return {
      type: "Box",
      low: Array.from(this.low),
      high: Array.from(this.high),
      shape: [...this.shape],
      dtype: this.dtype,
    };
  }
  toString(): string {
    return `Box(${this.shape.join(",")}, ${this.dtype})`;
  }
}
