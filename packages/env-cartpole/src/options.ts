import { describeValue, didYouMean, GymkitError, type WarnFn } from "@gymkit/core";

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
  warn: (message: string) => process.emitWarning(message, "GymkitEnvWarning"),
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

const ENV_KEYS = Object.keys(DEFAULT_CARTPOLE_OPTIONS);
const VECTOR_KEYS = [...Object.keys(DEFAULT_CARTPOLE_VECTOR_OPTIONS), "disableEnvChecker"];

function invalid(where: string, message: string): GymkitError {
  return new GymkitError("GYMKIT_INVALID_CONFIG", `${where}: ${message}`);
}

function checkKeys(
  where: string,
  input: Readonly<Record<string, unknown>>,
  allowed: readonly string[],
): void {
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) {
      throw invalid(
        where,
        `unknown option "${key}". Allowed options: ${allowed.join(", ")}.${didYouMean(key, allowed)}`,
      );
    }
  }
}

function pickIntegrator(where: string, v: unknown): KinematicsIntegrator {
  if (v === undefined) return "euler";
  if (v === "euler" || v === "semi-implicit-euler") return v;
  throw invalid(
    where,
    `kinematicsIntegrator must be "euler" or "semi-implicit-euler", got ${describeValue(v)}.`,
  );
}

function pickBoolean(where: string, name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v === "boolean") return v;
  throw invalid(where, `${name} must be true or false, got ${describeValue(v)}.`);
}

function pickWarn(where: string, v: unknown): WarnFn {
  if (v === undefined) return DEFAULT_CARTPOLE_OPTIONS.warn;
  if (typeof v === "function") return v as WarnFn;
  throw invalid(where, `warn must be a function (message) => void, got ${describeValue(v)}.`);
}

function asRecord(where: string, input: unknown): Readonly<Record<string, unknown>> {
  if (input === undefined || input === null) return {};
  if (typeof input !== "object" || Array.isArray(input)) {
    throw invalid(where, `options must be an object, got ${describeValue(input)}.`);
  }
  return input as Readonly<Record<string, unknown>>;
}

/** Validates `make` kwargs for `CartPoleEnv`; unknown keys throw, naming the allowed ones. */
export function parseCartPoleOptions(input: unknown, where = "CartPole"): CartPoleOptions {
  const o = asRecord(where, input);
  checkKeys(where, o, ENV_KEYS);
  const renderMode = o.renderMode;
  if (renderMode !== undefined && !(CARTPOLE_RENDER_MODES as readonly unknown[]).includes(renderMode)) {
    throw invalid(
      where,
      `renderMode must be one of ${CARTPOLE_RENDER_MODES.map((m) => `"${m}"`).join(", ")} (or undefined), got ${describeValue(renderMode)}.`,
    );
  }
  return {
    kinematicsIntegrator: pickIntegrator(where, o.kinematicsIntegrator),
    suttonBartoReward: pickBoolean(where, "suttonBartoReward", o.suttonBartoReward, false),
    renderMode: renderMode as CartPoleRenderMode | undefined,
    copyObservations: pickBoolean(where, "copyObservations", o.copyObservations, false),
    warn: pickWarn(where, o.warn),
  };
}

/** Validates `CartPoleVector` options; unknown keys throw, naming the allowed ones. */
export function parseCartPoleVectorOptions(input: unknown, where = "CartPoleVector"): CartPoleVectorOptions {
  const o = asRecord(where, input);
  checkKeys(where, o, VECTOR_KEYS);
  const max = o.maxEpisodeSteps ?? DEFAULT_CARTPOLE_VECTOR_OPTIONS.maxEpisodeSteps;
  if (typeof max !== "number" || !Number.isInteger(max) || max <= 0) {
    throw invalid(where, `maxEpisodeSteps must be a positive integer, got ${describeValue(max)}.`);
  }
  const mode = o.autoresetMode ?? DEFAULT_CARTPOLE_VECTOR_OPTIONS.autoresetMode;
  if (mode !== "next-step" && mode !== "same-step" && mode !== "disabled") {
    throw invalid(
      where,
      `autoresetMode must be "next-step", "same-step" or "disabled", got ${describeValue(mode)}.`,
    );
  }
  return {
    kinematicsIntegrator: pickIntegrator(where, o.kinematicsIntegrator),
    suttonBartoReward: pickBoolean(where, "suttonBartoReward", o.suttonBartoReward, false),
    maxEpisodeSteps: max,
    autoresetMode: mode,
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
