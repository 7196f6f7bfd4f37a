import { Discrete, describeValue, GymkitError, type Space } from "@gymkit/core";

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
  /** Number of discrete actions. */
  readonly actionCount: number;
  /** First action value (Gymnasium's `Discrete(n, start)`). */
  readonly actionStart: number;
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

/** Reads the action layout from a Discrete space (a core `Discrete`, or its JSON form). */
export function actionLayout(
  space: unknown,
  path: string,
): Pick<TransitionLayout, "actionCount" | "actionStart"> {
  const rec = isRecord(space) ? space : undefined;
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
      `Invalid config at ${path}: expected a Discrete action space (integer n >= 1, integer start, all actions within int32), got ${describeSpace(space)}. Replay buffers store discrete actions as Int32; pass env.actionSpace.`,
    );
  }
  return { actionCount: n as number, actionStart: start as number };
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
  return {
    ...observationLayout(observationSpace, `${path}.observationSpace`),
    ...actionLayout(actionSpace, `${path}.actionSpace`),
  };
}

/** Human form of a layout for error messages, e.g. `observations [4] float32, actions Discrete(2)`. */
export function describeLayout(layout: TransitionLayout): string {
  const start = layout.actionStart === 0 ? "" : `, start=${layout.actionStart}`;
  return `observations [${layout.observationShape.join(", ")}], actions Discrete(${layout.actionCount}${start})`;
}
