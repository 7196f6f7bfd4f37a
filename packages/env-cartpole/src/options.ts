import {
  defaultWarn,
  describeValue,
  didYouMean,
  GymkitError,
  parseOptions,
  type WarnFn,
  z,
} from "@gymkit/core";

/** Render modes of CartPole. Gymnasium's `"human"` (a pygame window) has no Node equivalent. */
export const CARTPOLE_RENDER_MODES = ["ansi", "rgb_array", "svg"] as const;
export type CartPoleRenderMode = (typeof CARTPOLE_RENDER_MODES)[number];

/** How positions are integrated (Gymnasium's `kinematics_integrator` attribute). */
export type KinematicsIntegrator = "euler" | "semi-implicit-euler";

/** Options of `CartPoleEnv`, i.e. the `make("CartPole-v1", options)` kwargs. */
export interface CartPoleOptions {
  /**
   * `"euler"` updates positions with the old velocities (Gymnasium's default);
   * `"semi-implicit-euler"` with the new ones.
   * @default "euler"
   */
  kinematicsIntegrator: KinematicsIntegrator;
  /** Reward 0 per step and -1 on (and after) termination, as Sutton & Barto. @default false */
  suttonBartoReward: boolean;
  /** What `render()` returns. @default undefined (render() returns undefined) */
  renderMode: CartPoleRenderMode | undefined;
  /**
   * Return a fresh observation array and result object from every `step`/`reset`. Off by
   * default: the env then reuses one `Float32Array` and one result object, so an observation is
   * valid only until the next `step`/`reset` unless you copy it (`observation.slice()`).
   * @default false
   */
  copyObservations: boolean;
  /** Where the env's warnings go (stepping after termination). @default process.emitWarning */
  warn: WarnFn;
}

/** Default `CartPoleOptions`. */
export const DEFAULT_CARTPOLE_OPTIONS: Readonly<CartPoleOptions> = Object.freeze({
  kinematicsIntegrator: "euler",
  suttonBartoReward: false,
  renderMode: undefined,
  copyObservations: false,
  warn: defaultWarn,
});

/** Options of `CartPoleVector` (`registry.makeVec("CartPole-v1", n, options)`). */
export interface CartPoleVectorOptions {
  /** @default "euler" */
  kinematicsIntegrator: KinematicsIntegrator;
  /** @default false */
  suttonBartoReward: boolean;
  /** Each sub-env truncates after this many steps (Gymnasium's TimeLimit). @default 500 */
  maxEpisodeSteps: number;
  /** @default "next-step" (Gymnasium's default) */
  autoresetMode: "next-step" | "same-step" | "disabled";
  /** Where warnings go (a sub-env stepped after termination in `disabled` mode). @default process.emitWarning */
  warn: WarnFn;
}

export const DEFAULT_CARTPOLE_VECTOR_OPTIONS: Readonly<CartPoleVectorOptions> = Object.freeze({
  kinematicsIntegrator: "euler",
  suttonBartoReward: false,
  maxEpisodeSteps: 500,
  autoresetMode: "next-step",
  warn: DEFAULT_CARTPOLE_OPTIONS.warn,
});

const INTEGRATORS = ["euler", "semi-implicit-euler"] as const;
const warnOption = z
  .custom<WarnFn>((v) => typeof v === "function", { message: "expected a function (message) => void" })
  .optional()
  .describe(
    "A function (message) => void for the env's warnings (code only). Default: process.emitWarning, console.warn in a browser.",
  );

/** The options the scalar and the vector env share: which integrator, which reward. */
const PHYSICS = {
  kinematicsIntegrator: z
    .enum(INTEGRATORS)
    .default("euler")
    .describe(
      "euler updates positions with the old velocities (Gymnasium's default); semi-implicit-euler with the new ones.",
    ),
  suttonBartoReward: z
    .boolean()
    .default(false)
    .describe("Reward 0 per step and -1 on (and after) termination, as Sutton & Barto."),
};

/** `make("CartPole-v1", options)`: the env's own options, declared once. */
export const CARTPOLE_OPTIONS = z.strictObject({
  ...PHYSICS,
  renderMode: z.enum(CARTPOLE_RENDER_MODES).optional().describe("What render() returns."),
  copyObservations: z
    .boolean()
    .default(false)
    .describe("Return fresh observation arrays from every step/reset instead of reusing one."),
  warn: warnOption,
});

/** `makeVec("CartPole-v1", n, options)`: options of the batched env. */
export const CARTPOLE_VECTOR_OPTIONS = z.strictObject({
  ...PHYSICS,
  maxEpisodeSteps: z
    .number()
    .int()
    .min(1)
    .default(500)
    .describe("Each sub-env truncates after this many steps."),
  autoresetMode: z
    .enum(["next-step", "same-step", "disabled"])
    .default("next-step")
    .describe("When a finished sub-env resets (Gymnasium's AutoresetMode)."),
  disableEnvChecker: z
    .boolean()
    .optional()
    .describe(
      "Skip makeVec's vector env checker (types and sizes of every batch, values of 8 sub-envs per step).",
    ),
  warn: warnOption,
});

/** Like Gymnasium's `make(id, **kwargs)`, `null` options mean none; so does a `null` value. */
function withoutNulls(input: unknown): unknown {
  if (input === null) return {};
  if (typeof input !== "object" || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input as object).filter(([, v]) => v !== null));
}

/** Validates `make` kwargs for `CartPoleEnv`; unknown keys throw, naming the allowed ones. */
export function parseCartPoleOptions(input: unknown, where = "CartPole"): CartPoleOptions {
  const o = parseOptions(CARTPOLE_OPTIONS, input === null ? {} : input, { path: where, owner: "CartPole" });
  return { ...o, renderMode: o.renderMode, warn: o.warn ?? defaultWarn };
}

/** Validates `CartPoleVector` options; unknown keys throw, naming the allowed ones. */
export function parseCartPoleVectorOptions(input: unknown, where = "CartPoleVector"): CartPoleVectorOptions {
  const { disableEnvChecker: _, ...o } = parseOptions(CARTPOLE_VECTOR_OPTIONS, withoutNulls(input), {
    path: where,
    owner: "CartPoleVector",
  });
  return { ...o, warn: o.warn ?? defaultWarn };
}

/**
 * Gymnasium's `utils.maybe_parse_reset_bounds(options, -0.05, 0.05)`: the initial-state bounds
 * from reset options `{ low, high }` (each optional), which must be numbers with low <= high.
 */
export function parseResetBounds(
  options: Readonly<Record<string, unknown>> | undefined,
  where = "CartPole.reset",
): [low: number, high: number] {
  if (options === undefined || options === null) return [-0.05, 0.05];
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${where}: options must be an object { low?, high? }, got ${describeValue(options)}.`,
    );
  }
  for (const key of Object.keys(options)) {
    if (key !== "low" && key !== "high") {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${where}: unknown option "${key}"; CartPole's reset takes low and high (the bounds of the initial state).${didYouMean(key, ["low", "high"])}`,
      );
    }
  }
  const low = "low" in options ? options.low : -0.05;
  const high = "high" in options ? options.high : 0.05;
  for (const [name, v] of [
    ["low", low],
    ["high", high],
  ] as const) {
    // numpy's uniform() refuses an infinite range, so the bounds must be finite.
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${where}: options.${name} must be a finite number, got ${describeValue(v)}.`,
      );
    }
  }
  if ((low as number) > (high as number)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${where}: lower bound (${String(low)}) must not be greater than the upper bound (${String(high)}).`,
    );
  }
  return [low as number, high as number];
}
