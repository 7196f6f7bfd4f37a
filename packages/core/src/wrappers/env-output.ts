/**
 * What the passive checkers (scalar and vector) require of an env's outputs, in two speeds: a fast
 * test run on every step, and, only when it fails, an explanation naming the field, the bad value
 * and the rule. Train, agents, buffers and loggers rely on these rules: a reward "1" was summed as
 * text into returns ("111111" in every log), an observation one number short became a RangeError
 * inside train(), a NaN poisoned the network (issue 19).
 */
import { describeValue } from "../errors.js";
import type { Space } from "../space.js";

/**
 * Numbers per observation of `space`: the product of its shape for an array space (a `Box`), 0
 * for a scalar one (a `Discrete`), undefined when the checkers cannot know (other spaces).
 */
export function observationSize(space: Space<unknown>): number | undefined {
  const shape = (space as { shape?: unknown }).shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d))) return undefined;
  return shape.length === 0 ? 0 : shape.reduce((a: number, b: number) => a * b, 1);
}

/** Fast: every number of `values` finite (x − x is 0 for finite x, NaN for NaN and ±Infinity). */
export function allFinite(values: ArrayLike<number>, from = 0, to = values.length): boolean {
  let acc = 0;
  for (let i = from; i < to; i++) acc += values[i]! - values[i]!;
  return acc === 0;
}

/** Fast: `observation` has the right size and only finite numbers (see {@link observationSize}). */
export function observationOk(observation: unknown, size: number | undefined): boolean {
  if (size === undefined) return true;
  if (size === 0) return typeof observation === "number" && Number.isInteger(observation);
  const o = observation as ArrayLike<number> | null | undefined;
  return o != null && o.length === size && allFinite(o);
}

/** The bounds and array type of a `Box` (or a space shaped like one), for {@link boxCheck}. */
export interface BoxBounds {
  readonly low: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  readonly ctor: Float32ArrayConstructor | Float64ArrayConstructor;
}

/** The bounds of a Box-like space (low/high arrays, a float dtype), else undefined. */
export function boxBounds(space: Space<unknown>): BoxBounds | undefined {
  const { low, high, dtype } = space as { low?: unknown; high?: unknown; dtype?: unknown };
  if (!ArrayBuffer.isView(low) || !ArrayBuffer.isView(high)) return undefined;
  const l = low as unknown as ArrayLike<number>;
  const h = high as unknown as ArrayLike<number>;
  if (l.length !== h.length || (dtype !== "float32" && dtype !== "float64")) return undefined;
  return { low: l, high: h, ctor: dtype === "float64" ? Float64Array : Float32Array };
}

/** {@link boxCheck}'s verdicts. */
export const BOX_OK = 0;
export const BOX_OUTSIDE = 1;
export const BOX_INVALID = 2;

/**
 * One loop for a Box observation: BOX_INVALID when it is not an array of the space's size of
 * finite numbers (an error), BOX_OUTSIDE when it is but lies outside the bounds or is another array
 * type (a warning, as Gymnasium's), else BOX_OK. As cheap as `Box.contains`, which it replaces.
 */
export function boxCheck(observation: unknown, box: BoxBounds): number {
  const o = observation as ArrayLike<number> | null | undefined;
  const { low, high } = box;
  const n = low.length;
  if (o == null || o.length !== n) return BOX_INVALID;
  let acc = 0;
  let inside = true;
  for (let i = 0; i < n; i++) {
    const v = o[i]!;
    acc += v - v; // 0 for finite numbers, NaN for NaN and ±Infinity
    if (!(v >= low[i]! && v <= high[i]!)) inside = false;
  }
  if (acc !== 0) return BOX_INVALID;
  return inside && o instanceof box.ctor ? BOX_OK : BOX_OUTSIDE;
}

/** A value and, when its type is not plain from it, the type: `"1" (a string)`, `{} (an object)`. */
export function shown(value: unknown): string {
  const d = describeValue(value);
  if (value === undefined || value === null || typeof value === "number" || ArrayBuffer.isView(value))
    return d;
  const type = Array.isArray(value)
    ? "an array"
    : typeof value === "object"
      ? "an object"
      : `a ${typeof value}`;
  return `${d} (${type})`;
}

/** Why `observation` breaks the rules (undefined if it does not): the field, the value, the rule. */
export function observationProblem(
  observation: unknown,
  size: number | undefined,
  space: Space<unknown>,
): string | undefined {
  if (size === undefined || observationOk(observation, size)) return undefined;
  if (size === 0)
    return `observation ${shown(observation)}; the observation space ${String(space)} holds integers`;
  const o = observation as ArrayLike<unknown> | null | undefined;
  if (o == null || typeof o !== "object" || typeof o.length !== "number") {
    return `observation ${shown(observation)}; expected ${size} numbers (the observation space is ${String(space)})`;
  }
  if (o.length !== size) {
    return `an observation of ${o.length} numbers; the observation space ${String(space)} has ${size}`;
  }
  for (let i = 0; i < size; i++) {
    const v = o[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      return `an observation with ${shown(v)} at index ${i} (${describeValue(observation)}); observations must be finite numbers`;
    }
  }
  return undefined;
}

/** Why a reward breaks the rules, or undefined. */
export const rewardProblem = (reward: unknown): string | undefined =>
  typeof reward === "number" && Number.isFinite(reward)
    ? undefined
    : `reward ${shown(reward)}; a reward must be a finite number`;

/** Why a terminated/truncated flag breaks the rules, or undefined. */
export const flagProblem = (name: "terminated" | "truncated", flag: unknown): string | undefined =>
  typeof flag === "boolean"
    ? undefined
    : `${name} ${shown(flag)}; terminated and truncated must be booleans (true or false)`;
