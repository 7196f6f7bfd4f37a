import {
  defaultWarn,
  describeValue,
  didYouMean,
  GymkitError,
  parseOptions,
  type WarnFn,
  z,
} from "@gymkit/core";
import { TRIG_KINDS, type TrigKind } from "./math.js";

/** Render modes of the classic-control envs. Gymnasium's `"human"` (a pygame window) has no Node equivalent. */
export const CLASSIC_RENDER_MODES = ["ansi", "rgb_array", "svg"] as const;
export type ClassicRenderMode = (typeof CLASSIC_RENDER_MODES)[number];

/** The options every classic-control env takes besides its physics. */
export interface CommonEnvOptions {
  /** What `render()` returns. @default undefined (render() returns undefined) */
  renderMode?: ClassicRenderMode | undefined;
  /** Return a fresh observation array and result object from every `step`/`reset`. @default false */
  copyObservations: boolean;
  /** Where the env's warnings go. @default process.emitWarning */
  warn: WarnFn;
  /** Which sin/cos the dynamics use (src/math.ts). @default "v8" */
  trig: TrigKind;
}

const warnOption = z
  .custom<WarnFn>((v) => typeof v === "function", { message: "expected a function (message) => void" })
  .optional()
  .describe(
    "A function (message) => void for the env's warnings (code only). Default: process.emitWarning, console.warn in a browser.",
  );

const trigOption = z
  .enum(TRIG_KINDS)
  .default("v8")
  .describe(
    'The sin/cos of the dynamics: "v8" (Math.sin/Math.cos, fastest) or "correctly-rounded", whose last bit differs from Gymnasium\'s (glibc\'s) for ~0.1% of arguments instead of ~3%, so trajectories stay bit-identical to Gymnasium\'s far longer, at ~3 times the cost per sin/cos call (Acrobot, 22 calls per step, runs at ~0.2 of the default speed; the others at 0.4-0.8).',
  );

const COMMON = {
  trig: trigOption,
  renderMode: z.enum(CLASSIC_RENDER_MODES).optional().describe("What render() returns."),
  copyObservations: z
    .boolean()
    .default(false)
    .describe("Return fresh observation arrays from every step/reset instead of reusing one."),
  warn: warnOption,
};

const VECTOR = {
  trig: trigOption,
  autoresetMode: z
    .enum(["next-step", "same-step", "disabled"])
    .default("next-step")
    .describe("When a finished sub-env resets (Gymnasium's AutoresetMode)."),
  disableEnvChecker: z
    .boolean()
    .optional()
    .describe("Accepted for make() parity; the vector env has no checker."),
  warn: warnOption,
};

const maxSteps = (n: number) =>
  z.number().int().min(1).default(n).describe("Each sub-env truncates after this many steps.");

// The physics options of each env, shared by its scalar and vector options.
const ACROBOT_PHYSICS = {
  bookOrNips: z
    .enum(["book", "nips"])
    .default("book")
    .describe(
      "Dynamics of Sutton & Barto's book (Gymnasium's default) or of the 1995 NeurIPS paper, which lacks a term (Gymnasium's book_or_nips).",
    ),
};
const GOAL_VELOCITY = {
  goalVelocity: z
    .number()
    .default(0)
    .describe(
      "The car must reach the goal at this velocity or more to terminate (Gymnasium's goal_velocity).",
    ),
};
const PENDULUM_PHYSICS = {
  g: z.number().default(10.0).describe("Acceleration of gravity in m/s² (Gymnasium's g)."),
};

/** `make("Acrobot-v1", options)`. */
export const ACROBOT_OPTIONS = z.strictObject({ ...ACROBOT_PHYSICS, ...COMMON });
/** `make("MountainCar-v0", options)`. */
export const MOUNTAIN_CAR_OPTIONS = z.strictObject({ ...GOAL_VELOCITY, ...COMMON });
/** `make("MountainCarContinuous-v0", options)`. */
export const MOUNTAIN_CAR_CONTINUOUS_OPTIONS = MOUNTAIN_CAR_OPTIONS;
/** `make("Pendulum-v1", options)`. */
export const PENDULUM_OPTIONS = z.strictObject({ ...PENDULUM_PHYSICS, ...COMMON });

/** `makeVec("Acrobot-v1", n, options)`. */
export const ACROBOT_VECTOR_OPTIONS = z.strictObject({
  ...ACROBOT_PHYSICS,
  maxEpisodeSteps: maxSteps(500),
  ...VECTOR,
});
/** `makeVec("MountainCar-v0", n, options)`. */
export const MOUNTAIN_CAR_VECTOR_OPTIONS = z.strictObject({
  ...GOAL_VELOCITY,
  maxEpisodeSteps: maxSteps(200),
  ...VECTOR,
});
/** `makeVec("MountainCarContinuous-v0", n, options)`. */
export const MOUNTAIN_CAR_CONTINUOUS_VECTOR_OPTIONS = z.strictObject({
  ...GOAL_VELOCITY,
  maxEpisodeSteps: maxSteps(999),
  ...VECTOR,
});
/** `makeVec("Pendulum-v1", n, options)`. */
export const PENDULUM_VECTOR_OPTIONS = z.strictObject({
  ...PENDULUM_PHYSICS,
  maxEpisodeSteps: maxSteps(200),
  ...VECTOR,
});

export type AcrobotOptions = CommonEnvOptions & { bookOrNips: "book" | "nips" };
export type MountainCarOptions = CommonEnvOptions & { goalVelocity: number };
export type PendulumOptions = CommonEnvOptions & { g: number };

/** Options every classic-control vector env takes besides its physics. */
export interface CommonVectorOptions {
  maxEpisodeSteps: number;
  autoresetMode: "next-step" | "same-step" | "disabled";
  warn: WarnFn;
  /** Which sin/cos the dynamics use (src/math.ts). @default "v8" */
  trig: TrigKind;
}

/** Like Gymnasium's `make(id, **kwargs)`, `null` options mean none; so does a `null` value. */
function withoutNulls(input: unknown): unknown {
  if (input === null || input === undefined) return {};
  if (typeof input !== "object" || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input as object).filter(([, v]) => v !== null));
}

/** Validates env options against `schema`; unknown keys throw, naming the allowed ones. */
export function parseEnvOptions<S extends z.ZodType>(
  schema: S,
  input: unknown,
  owner: string,
): Omit<z.output<S>, "warn"> & { warn: WarnFn } {
  const o = parseOptions(schema, withoutNulls(input), { path: owner, owner }) as z.output<S> & {
    warn?: WarnFn;
    disableEnvChecker?: boolean;
  };
  const { disableEnvChecker: _, ...rest } = o;
  return { ...rest, warn: o.warn ?? defaultWarn } as Omit<z.output<S>, "warn"> & { warn: WarnFn };
}

/**
 * Gymnasium's reset bounds from reset options (`utils.maybe_parse_reset_bounds` and Pendulum's
 * `x_init`/`y_init`): each key optional, a finite number, with the default where absent.
 * Unknown keys throw, naming the known ones.
 */
export function parseResetOptions<K extends string>(
  options: Readonly<Record<string, unknown>> | undefined,
  defaults: Readonly<Record<K, number>>,
  where: string,
): Record<K, number> {
  if (options === undefined || options === null) return { ...defaults };
  const keys = Object.keys(defaults) as K[];
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${where}: options must be an object { ${keys.map((k) => `${k}?`).join(", ")} }, got ${describeValue(options)}.`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!(keys as string[]).includes(key)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${where}: unknown option "${key}"; this reset takes ${keys.join(" and ")} (the bounds of the initial state).${didYouMean(key, keys)}`,
      );
    }
  }
  const out: Record<K, number> = { ...defaults };
  for (const key of keys) {
    if (!(key in options)) continue;
    const v = options[key];
    // numpy's uniform() refuses an infinite range, so the bounds must be finite.
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${where}: options.${key} must be a finite number, got ${describeValue(v)}.`,
      );
    }
    out[key] = v;
  }
  const o = out as Record<string, number>;
  if ("low" in o && "high" in o && o.low! > o.high!) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${where}: lower bound (${o.low}) must not be greater than the upper bound (${o.high}).`,
    );
  }
  return out;
}
