import { defaultWarn, parseOptions, type WarnFn, z } from "@gymkit/core";

/** Render modes of LunarLander. Gymnasium's `"human"` (a pygame window) has no Node equivalent. */
export const LUNAR_LANDER_RENDER_MODES = ["rgb_array", "svg"] as const;
export type LunarLanderRenderMode = (typeof LUNAR_LANDER_RENDER_MODES)[number];

const warnOption = z
  .custom<WarnFn>((v) => typeof v === "function", { message: "expected a function (message) => void" })
  .optional()
  .describe(
    "A function (message) => void for the env's warnings (code only). Default: process.emitWarning, console.warn in a browser.",
  );

/** The options the scalar and the vector env share: Gymnasium's `LunarLander(...)` kwargs. */
const PHYSICS = {
  continuous: z
    .boolean()
    .default(false)
    .describe(
      "Box(-1, 1, (2,)) actions (main engine, side engines) instead of Discrete(4) (Gymnasium's continuous).",
    ),
  gravity: z
    .number()
    .gt(-12)
    .lt(0)
    .default(-10)
    .describe("Gravitational acceleration in m/s², in (-12, 0) (Gymnasium's gravity)."),
  enableWind: z
    .boolean()
    .default(false)
    .describe("Apply wind and turbulence while no leg touches the ground (Gymnasium's enable_wind)."),
  windPower: z
    .number()
    .default(15)
    .describe(
      "Largest wind force, Gymnasium's wind_power; it recommends [0, 20] and warns outside (so does gymkit).",
    ),
  turbulencePower: z
    .number()
    .default(1.5)
    .describe(
      "Largest rotational turbulence, Gymnasium's turbulence_power; it recommends [0, 2] and warns outside.",
    ),
};

/** `make("LunarLander-v3", options)`: the env's own options, declared once. */
export const LUNAR_LANDER_OPTIONS = z.strictObject({
  ...PHYSICS,
  renderMode: z.enum(LUNAR_LANDER_RENDER_MODES).optional().describe("What render() returns."),
  copyObservations: z
    .boolean()
    .default(false)
    .describe("Return fresh observation arrays from every step/reset instead of reusing one."),
  warn: warnOption,
});

/** `makeVec("LunarLander-v3", n, options)`: options of the batched env. */
export const LUNAR_LANDER_VECTOR_OPTIONS = z.strictObject({
  ...PHYSICS,
  maxEpisodeSteps: z
    .number()
    .int()
    .min(1)
    .default(1000)
    .describe("Each sub-env truncates after this many steps."),
  autoresetMode: z
    .enum(["next-step", "same-step", "disabled"])
    .default("next-step")
    .describe("When a finished sub-env resets (Gymnasium's AutoresetMode)."),
  disableEnvChecker: z
    .boolean()
    .optional()
    .describe("Accepted for make() parity; the vector env has no checker."),
  warn: warnOption,
});

/** Options of `LunarLanderEnv` (`make("LunarLander-v3", options)`), defaults applied. */
export type LunarLanderOptions = Omit<z.output<typeof LUNAR_LANDER_OPTIONS>, "warn"> & { warn: WarnFn };
/** Options of `LunarLanderVector`, defaults applied. */
export type LunarLanderVectorOptions = Omit<
  z.output<typeof LUNAR_LANDER_VECTOR_OPTIONS>,
  "warn" | "disableEnvChecker"
> & { warn: WarnFn };

/** Like Gymnasium's `make(id, **kwargs)`, `null` options mean none; so does a `null` value. */
function withoutNulls(input: unknown): unknown {
  if (input === null || input === undefined) return {};
  if (typeof input !== "object" || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input as object).filter(([, v]) => v !== null));
}

/** Gymnasium warns (and goes on) when wind or turbulence power is outside its recommended range. */
function warnPowers(o: { windPower: number; turbulencePower: number; warn: WarnFn }): void {
  if (o.windPower < 0 || o.windPower > 20) {
    o.warn(`LunarLander: windPower should be within [0, 20] (current value: ${o.windPower}).`);
  }
  if (o.turbulencePower < 0 || o.turbulencePower > 2) {
    o.warn(`LunarLander: turbulencePower should be within [0, 2] (current value: ${o.turbulencePower}).`);
  }
}

/** Validates `make` kwargs for `LunarLanderEnv`; unknown keys throw, naming the allowed ones. */
export function parseLunarLanderOptions(input: unknown, where = "LunarLander"): LunarLanderOptions {
  const o = parseOptions(LUNAR_LANDER_OPTIONS, withoutNulls(input), { path: where, owner: "LunarLander" });
  const parsed = { ...o, warn: o.warn ?? defaultWarn };
  warnPowers(parsed);
  return parsed;
}

/** Validates `LunarLanderVector` options; unknown keys throw, naming the allowed ones. */
export function parseLunarLanderVectorOptions(
  input: unknown,
  where = "LunarLanderVector",
): LunarLanderVectorOptions {
  const { disableEnvChecker: _, ...o } = parseOptions(LUNAR_LANDER_VECTOR_OPTIONS, withoutNulls(input), {
    path: where,
    owner: "LunarLanderVector",
  });
  const parsed = { ...o, warn: o.warn ?? defaultWarn };
  warnPowers(parsed);
  return parsed;
}
