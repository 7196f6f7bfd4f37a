import type { Rng } from "./rng.js";

/** Element types a space can hold; the names are numpy's. */
export type DType = "int64" | "float32" | "float64";

/** JSON form of a space: `spaceFromJSON(space.toJSON())` rebuilds an equal space. */
export type SpaceJSON =
  | { type: "Discrete"; n: number; start: number }
  | {
      type: "Box";
      low: Array<number | string>;
      high: Array<number | string>;
      shape: number[];
      dtype: "float32" | "float64";
    };

/**
 * A set of valid observations or actions (Gymnasium's `Space`). Generic over the value type, so
 * `env.actionSpace.sample(rng)` is typed.
 */
export interface Space<T> {
  /** Shape of one element, e.g. `[4]` for CartPole observations, `[]` for a discrete action. */
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** True when `x` is an element: right type, dtype, shape, finite where bounded, inside the bounds. */
  contains(x: unknown): x is T;
  /** A uniformly drawn element (Box: uniform within finite bounds, as Gymnasium). */
  sample(rng: Rng): T;
  toJSON(): SpaceJSON;
  /** Gymnasium's repr, e.g. `Discrete(2)`, `Box(-inf, inf, (4,), float32)`. */
  toString(): string;
}
