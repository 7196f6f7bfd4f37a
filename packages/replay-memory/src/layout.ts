import { Discrete, describeValue, GymkitError, type Space } from "@gymkit/core";

/** How actions are stored: one int32 per Discrete action, float32 × size per Box action. */
export type ActionLayout =
  | {
      readonly type: "Discrete";
      /** Numbers per action: always 1. */
      readonly size: 1;
      /** Number of discrete actions. */
      readonly count: number;
      /** First action value (Gymnasium's `Discrete(n, start)`). */
      readonly start: number;
      /** The space as error messages name it, e.g. `Discrete(2)`. */
      readonly text: string;
    }
  | {
      readonly type: "Box";
      /** Numbers per action (product of the shape). */
      readonly size: number;
      /** Shape of one action, e.g. `[1]` for Pendulum. */
      readonly shape: readonly number[];
      /** Bounds per element, float32 as the Box stores them (`-Infinity`/`Infinity` when unbounded). */
      readonly low: Float32Array;
      readonly high: Float32Array;
      /** The space as error messages name it, e.g. `Box(-2.0, 2.0, (1,), float32)`. */
      readonly text: string;
    };

/**
 * What a buffer needs from the env's spaces, reduced to plain data: it is what the checkpoint
 * stores and compares, and it keeps the hot paths free of virtual calls into `Space`.
 */
export interface TransitionLayout {
  /** Shape of one observation, e.g. `[4]` for CartPole. */
  readonly observationShape: readonly number[];
  /** Numbers per observation (product of the shape). */
  readonly observationSize: number;
  /** The observation space's dtype; storage is Float32 either way. */
  readonly observationDType: "float32" | "float64";
  /** Numbers per action: 1 for Discrete, the Box's size for Box (`action.size`). */
  readonly actionSize: number;
  /** The action column's layout. */
  readonly action: ActionLayout;
}

const INT32_MAX = 2147483647;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null;
}

/**
 * Reads the observation layout from a Box space (a core `Box`, or its JSON form). Duck-typed on
 * `shape` and `dtype`, so a Box rebuilt by `spaceFromJSON` or from another copy of core works.
 */
export function observationLayout(
  space: unknown,
  path: string,
): Pick<TransitionLayout, "observationShape" | "observationSize" | "observationDType"> {
  const rec = isRecord(space) ? space : undefined;
  // A Discrete observation is stored one-hot (Box(0, 1, [n]) rows): agents encode it before
  // adding it, as Stable-Baselines3's preprocess_obs does for networks (issue 21).
  if (
    (rec?.type === "Discrete" || rec instanceof Discrete) &&
    Number.isInteger(rec.n) &&
    (rec.n as number) >= 1
  ) {
    const n = rec.n as number;
    if (n <= 1 << 20) return { observationShape: [n], observationSize: n, observationDType: "float32" };
  }
  const shape = rec?.shape;
  const dtype = rec?.dtype;
  const isBox =
    rec !== undefined &&
    (rec.type === undefined || rec.type === "Box") &&
    Array.isArray(shape) &&
    shape.length > 0 &&
    shape.every((s) => Number.isInteger(s) && s > 0) &&
    (dtype === "float32" || dtype === "float64");
  if (!isBox) {
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `Invalid config at ${path}: expected a Box observation space (float32 or float64, non-empty shape of positive integers), got ${describeSpace(space)}. Pass env.observationSpace.`,
    );
  }
  const dims = shape as number[];
  const size = dims.reduce((a, b) => a * b, 1);
  if (size > 1 << 20) {
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `Invalid config at ${path}: observations of ${size} numbers (shape [${dims.join(", ")}]) are above the supported 1048576 per observation.`,
    );
  }
  return {
    observationShape: [...dims],
    observationSize: size,
    observationDType: dtype as "float32" | "float64",
  };
}

/**
 * Reads the action layout from a Discrete space (stored as one int32) or a float32 Box space
 * (stored as float32 × size), a core space or its JSON form. A float64 Box is refused rather
 * than rounded: a float32 copy of an in-bounds float64 action can land outside the bounds.
 */
export function actionLayout(space: unknown, path: string): ActionLayout {
  const rec = isRecord(space) ? space : undefined;
  // A Box has bounds; a Discrete (whose shape is `[]`) has none.
  if (
    rec !== undefined &&
    (rec.type === "Box" || (rec.type === undefined && "low" in rec && "high" in rec))
  ) {
    return boxActionLayout(rec, space, path);
  }
  const n = rec?.n;
  const start = rec?.start ?? 0;
  const ok =
    rec !== undefined &&
    (rec.type === undefined || rec.type === "Discrete") &&
    typeof n === "number" &&
    Number.isInteger(n) &&
    n >= 1 &&
    typeof start === "number" &&
    Number.isInteger(start) &&
    start >= -INT32_MAX - 1 &&
    start + n - 1 <= INT32_MAX;
  if (!ok) {
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `Invalid config at ${path}: expected a Discrete action space (integer n >= 1, integer start, all actions within int32) or a float32 Box, got ${describeSpace(space)}. Replay buffers store Discrete actions as Int32 and Box actions as Float32; pass env.actionSpace.`,
    );
  }
  const s = start as number;
  return {
    type: "Discrete",
    size: 1,
    count: n as number,
    start: s,
    text: `Discrete(${n}${s === 0 ? "" : `, start=${s}`})`,
  };
}

function boxActionLayout(rec: Record<string, unknown>, space: unknown, path: string): ActionLayout {
  const { shape, dtype, low, high } = rec;
  const dims = Array.isArray(shape) ? (shape as unknown[]) : [];
  const okShape = dims.length > 0 && dims.every((s) => Number.isInteger(s) && (s as number) > 0);
  const size = okShape ? (dims as number[]).reduce((a, b) => a * b, 1) : 0;
  const bound = (b: unknown): Float32Array | undefined => {
    // Box.toJSON writes infinite bounds as "inf"/"-inf" (JSON has no Infinity).
    const list = typeof b === "number" ? new Array<number>(size).fill(b) : b;
    if (!isRecord(list) || (list as unknown as ArrayLike<unknown>).length !== size) return undefined;
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) {
      const raw = (list as unknown as ArrayLike<unknown>)[i];
      const v = raw === "inf" ? Number.POSITIVE_INFINITY : raw === "-inf" ? Number.NEGATIVE_INFINITY : raw;
      if (typeof v !== "number" || Number.isNaN(v)) return undefined;
      out[i] = v;
    }
    return out;
  };
  const lo = okShape ? bound(low) : undefined;
  const hi = okShape ? bound(high) : undefined;
  if (dtype === "float64" && okShape) {
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `Invalid config at ${path}: Box actions of dtype float64 (${describeSpace(space)}) cannot be stored: replay buffers store Box actions as float32, and a float32 copy of an action inside float64 bounds can fall outside them. Declare the env's action space with dtype "float32" (Gymnasium's default).`,
    );
  }
  if (!okShape || dtype !== "float32" || lo === undefined || hi === undefined || size > 1 << 16) {
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `Invalid config at ${path}: expected a float32 Box action space (non-empty shape of positive integers, at most 65536 numbers, a low and high per element) or a Discrete, got ${describeSpace(space)}. Pass env.actionSpace.`,
    );
  }
  return {
    type: "Box",
    size,
    shape: [...(dims as number[])],
    low: lo,
    high: hi,
    text: describeSpace(space),
  };
}

/** A space's own `toString()` when it has one (e.g. `Discrete(2)`), else its value. */
function describeSpace(space: unknown): string {
  if (
    isRecord(space) &&
    typeof space.toString === "function" &&
    space.toString !== Object.prototype.toString
  ) {
    return String(space.toString());
  }
  return describeValue(space);
}

/** The layout of transitions over an observation and an action space. */
export function transitionLayout(
  observationSpace: Space<unknown> | unknown,
  actionSpace: Space<unknown> | unknown,
  path: string,
): TransitionLayout {
  const action = actionLayout(actionSpace, `${path}.actionSpace`);
  return {
    ...observationLayout(observationSpace, `${path}.observationSpace`),
    actionSize: action.size,
    action,
  };
}

/** Human form of a layout for error messages, e.g. `observations [4], actions Discrete(2)`. */
export function describeLayout(layout: TransitionLayout): string {
  return `observations [${layout.observationShape.join(", ")}], actions ${layout.action.text}`;
}
