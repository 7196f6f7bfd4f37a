import {
  defaultWarn,
  describeValue,
  GymkitError,
  invalidConfig,
  optionsRecord,
  parseBooleanOption,
  parseChoiceOption,
  parseNumberOption,
  rejectUnknownOptions,
  type WarnFn,
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
  /** Where the env's warnings go (stepping after termination). @default defaultWarn (process.emitWarning, or console.warn in a browser) */
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
  /** Where warnings go (a sub-env stepped after termination in `disabled` mode). @default defaultWarn (process.emitWarning, or console.warn in a browser) */
  warn: WarnFn;
}

export const DEFAULT_CARTPOLE_VECTOR_OPTIONS: Readonly<CartPoleVectorOptions> = Object.freeze({
  kinematicsIntegrator: "euler",
  suttonBartoReward: false,
  maxEpisodeSteps: 500,
  autoresetMode: "next-step",
  warn: DEFAULT_CARTPOLE_OPTIONS.warn,
});

const ENV_KEYS = Object.keys(DEFAULT_CARTPOLE_OPTIONS);
const VECTOR_KEYS = [...Object.keys(DEFAULT_CARTPOLE_VECTOR_OPTIONS), "disableEnvChecker"];

const INTEGRATORS: readonly KinematicsIntegrator[] = ["euler", "semi-implicit-euler"];
const AUTORESET_MODES: readonly CartPoleVectorOptions["autoresetMode"][] = [
  "next-step",
  "same-step",
  "disabled",
];

function pickWarn(where: string, v: unknown): WarnFn {
  if (v === undefined) return DEFAULT_CARTPOLE_OPTIONS.warn;
  if (typeof v === "function") return v as WarnFn;
  throw invalidConfig(`${where}.warn`, "a function (message) => void", v);
}

/** Like Gymnasium's `make(id, **kwargs)`, `null` options mean none. */
function record(where: string, input: unknown): Readonly<Record<string, unknown>> {
  return input === null ? {} : optionsRecord(input, where);
}

/** The options the scalar and the vector env share: which integrator, which reward. */
function parsePhysicsOptions(
  o: Readonly<Record<string, unknown>>,
  where: string,
  d: Pick<CartPoleOptions, "kinematicsIntegrator" | "suttonBartoReward">,
): Pick<CartPoleOptions, "kinematicsIntegrator" | "suttonBartoReward"> {
  return {
    kinematicsIntegrator: parseChoiceOption(
      o.kinematicsIntegrator,
      INTEGRATORS,
      `${where}.kinematicsIntegrator`,
      d.kinematicsIntegrator,
    ),
    suttonBartoReward: parseBooleanOption(
      o.suttonBartoReward,
      `${where}.suttonBartoReward`,
      d.suttonBartoReward,
    ),
  };
}

/** Validates `make` kwargs for `CartPoleEnv`; unknown keys throw, naming the allowed ones. */
export function parseCartPoleOptions(input: unknown, where = "CartPole"): CartPoleOptions {
  const o = record(where, input);
  rejectUnknownOptions(o, ENV_KEYS, where);
  const d = DEFAULT_CARTPOLE_OPTIONS;
  return {
    ...parsePhysicsOptions(o, where, d),
    renderMode:
      o.renderMode === undefined
        ? undefined
        : parseChoiceOption(o.renderMode, CARTPOLE_RENDER_MODES, `${where}.renderMode`),
    copyObservations: parseBooleanOption(o.copyObservations, `${where}.copyObservations`, false),
    warn: pickWarn(where, o.warn),
  };
}

/** Validates `CartPoleVector` options; unknown keys throw, naming the allowed ones. */
export function parseCartPoleVectorOptions(input: unknown, where = "CartPoleVector"): CartPoleVectorOptions {
  const o = record(where, input);
  rejectUnknownOptions(o, VECTOR_KEYS, where);
  const d = DEFAULT_CARTPOLE_VECTOR_OPTIONS;
  return {
    ...parsePhysicsOptions(o, where, d),
    // `??`: a null here has always meant "the default", as for the mode below.
    maxEpisodeSteps: parseNumberOption(o.maxEpisodeSteps ?? d.maxEpisodeSteps, `${where}.maxEpisodeSteps`, {
      min: 1,
      integer: true,
    }),
    autoresetMode: parseChoiceOption(
      o.autoresetMode ?? d.autoresetMode,
      AUTORESET_MODES,
      `${where}.autoresetMode`,
    ),
    warn: pickWarn(where, o.warn),
  };
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
