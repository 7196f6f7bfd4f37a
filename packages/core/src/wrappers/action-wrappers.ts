import type { Env, StepResult } from "../env.js";
import { describeValue, GymkitError } from "../errors.js";
import { Box, type BoxArray, type BoxDType } from "../spaces/box.js";
import { Wrapper } from "./wrapper.js";

/** The env's action space when it is a `Box`, else a `GymkitError` naming the wrapper. */
function boxOf<D extends BoxDType>(env: Env<Float32Array, BoxArray<D>>, who: string): Box<D> {
  const space: unknown = env?.actionSpace;
  if (!(space instanceof Box)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${who}: the env's action space must be a Box, got ${space === undefined ? "none" : String(space)}. Wrap an env with continuous actions.`,
    );
  }
  return space as Box<D>;
}

/**
 * Clips each continuous action into the env's `Box` before stepping it (Gymnasium's `ClipAction`):
 * the wrapper's action space is unbounded, `Box(-inf, inf, shape, dtype)`, as Gymnasium 1.0 has it,
 * so any finite action is valid. The clipped action goes into one array of the wrapper's
 * (reused): the caller's array is never changed.
 */
export class ClipAction<D extends BoxDType = "float32"> extends Wrapper<Float32Array, BoxArray<D>> {
  private readonly inner: Box<D>;
  private readonly space: Box<D>;
  private readonly clipped: BoxArray<D>;

  constructor(env: Env<Float32Array, BoxArray<D>>) {
    super(env);
    this.inner = boxOf(env, "ClipAction");
    const { shape, dtype } = this.inner;
    this.space = new Box(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, shape, dtype);
    this.clipped = this.inner.clip(this.inner.low);
  }

  override get actionSpace(): Box<D> {
    return this.space;
  }

  override step(action: BoxArray<D>): StepResult<Float32Array> {
    return this.env.step(this.inner.clip(action, this.clipped));
  }
}

/**
 * Maps actions from `[minAction, maxAction]` affinely onto the env's `Box` (Gymnasium 1.x's
 * `RescaleAction`, through its `rescale_box`): the wrapper's action space is
 * `Box(minAction, maxAction)`, and an action `a` reaches the env as `(a − intercept) / gradient`
 * with `gradient = (maxAction − minAction) / (high − low)` and `intercept = gradient · −low +
 * minAction`, both stored in the box's dtype, as Gymnasium computes them (so float32 results match
 * bit for bit). Like Gymnasium, it does not clip: an action outside `[minAction, maxAction]` maps
 * outside the env's box. Bounds are scalars or one per element; where the env's box is unbounded,
 * the new bound must be the same infinity (only the other side shifts).
 */
export class RescaleAction<D extends BoxDType = "float32"> extends Wrapper<Float32Array, BoxArray<D>> {
  private readonly space: Box<D>;
  private readonly gradient: BoxArray<D>;
  private readonly intercept: BoxArray<D>;
  private readonly rescaled: BoxArray<D>;
  /** Rounds to the dtype (float32) or not (float64). */
  private readonly round: (x: number) => number;

  constructor(
    env: Env<Float32Array, BoxArray<D>>,
    readonly minAction: number | ArrayLike<number>,
    readonly maxAction: number | ArrayLike<number>,
  ) {
    super(env);
    const box = boxOf(env, "RescaleAction");
    const { size, shape, dtype, low, high } = box;
    const bound = (v: number | ArrayLike<number>, name: string): Float64Array => {
      if (typeof v === "number" && !Number.isNaN(v)) return new Float64Array(size).fill(v);
      if (typeof v === "object" && v !== null && v.length === size) return Float64Array.from(v);
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `RescaleAction: ${name} must be a number or ${size} numbers (the shape of ${String(box)}), got ${describeValue(v)}.`,
      );
    };
    const lo = bound(minAction, "minAction");
    const hi = bound(maxAction, "maxAction");
    this.round = dtype === "float32" ? Math.fround : (x) => x;
    this.gradient = box.clip(low).fill(1) as BoxArray<D>;
    this.intercept = box.clip(low).fill(0) as BoxArray<D>;
    for (let i = 0; i < size; i++) {
      const [l, h] = [lo[i]!, hi[i]!];
      // Gymnasium's rule: where either bound is infinite, both must be the same infinity.
      const sameInfinity = (x: number, y: number) => (Number.isFinite(x) && Number.isFinite(y)) || x === y;
      if (!(l <= h) || !sameInfinity(l, low[i]!) || !sameInfinity(h, high[i]!)) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `RescaleAction: element ${i}: [${l}, ${h}] cannot be mapped onto the env's [${low[i]}, ${high[i]}]; give minAction <= maxAction, finite where the env's bound is finite and the same infinity where it is not.`,
        );
      }
      if (Number.isFinite(l) && Number.isFinite(h)) this.gradient[i] = (h - l) / (high[i]! - low[i]!);
      if (Number.isFinite(h)) this.intercept[i] = h - high[i]!;
      // gradient · −low is a product in the dtype before minAction (a float64) is added, as in numpy.
      if (Number.isFinite(l)) this.intercept[i] = this.round(this.gradient[i]! * -low[i]!) + l;
    }
    this.space = new Box(lo, hi, shape, dtype);
    this.rescaled = box.clip(low);
  }

  override get actionSpace(): Box<D> {
    return this.space;
  }

  override step(action: BoxArray<D>): StepResult<Float32Array> {
    const { gradient, intercept, rescaled, round } = this;
    if (action?.length !== rescaled.length) {
      throw new GymkitError(
        "GYMKIT_INVALID_ACTION",
        `RescaleAction: the action must have ${rescaled.length} numbers (${String(this.space)}), got ${describeValue(action)}.`,
      );
    }
    for (let i = 0; i < rescaled.length; i++) rescaled[i] = round(action[i]! - intercept[i]!) / gradient[i]!;
    return this.env.step(rescaled);
  }
}
