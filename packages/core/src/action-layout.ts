import { describeValue, GymkitError } from "./errors.js";
import { Box } from "./spaces/box.js";

/**
 * How actions of a space travel through `train()` and vector envs: one number per action for a
 * `Discrete` space (an `Int32Array` per batch), `size` numbers for a `Box` (a `Float32Array`).
 */
export interface ActionLayout {
  /** True for a `Box` action space. */
  readonly continuous: boolean;
  /** Numbers per action: 1 for `Discrete`, the `Box`'s size. */
  readonly size: number;
  /** The `Box`'s dtype; `int64` for `Discrete`. */
  readonly dtype: "int64" | "float32" | "float64";
}

const DISCRETE: ActionLayout = Object.freeze({ continuous: false, size: 1, dtype: "int64" });

/**
 * The layout of an action space: a `Box` is continuous, a scalar int64 space (`Discrete`) is one
 * integer; anything else throws a `GymkitError` naming `who` and the space.
 */
export function actionLayout(space: unknown, who: string): ActionLayout {
  if (space instanceof Box) return { continuous: true, size: space.size, dtype: space.dtype };
  const s = space as { dtype?: unknown; shape?: unknown } | null | undefined;
  if (s?.dtype === "int64" && Array.isArray(s.shape) && s.shape.length === 0) return DISCRETE;
  throw new GymkitError(
    "GYMKIT_INVALID_ARGUMENT",
    `${who}: the action space ${typeof space === "object" && space !== null ? String(space) : describeValue(space)} is neither Discrete nor Box; actions must be integers (Discrete) or float arrays (Box).`,
  );
}
