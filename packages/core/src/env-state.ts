import { describeValue, GymkitError } from "./errors.js";
import type { RngState } from "./rng.js";
import { parseOptions, z } from "./schema.js";

/** Plain JSON data: what `JSON.stringify` writes and `JSON.parse` gives back unchanged. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * An env's whole state as plain JSON data (finite numbers, strings, arrays, objects). A wrapper
 * nests the state of what it wraps: `{ wrapper: "TimeLimit", elapsedSteps: 12, inner: { ... } }`.
 */
export type EnvState = JsonValue;

/**
 * Capability: an env (or vector env) whose whole state can be captured and put back, so a run
 * interrupted at a checkpoint continues exactly (issue #11). After `b.setState(a.getState())`,
 * stepping `a` and `b` with the same actions gives identical results, resets included (the state
 * holds the env's generator).
 */
export interface StatefulEnv {
  /** Everything `step` and `reset` depend on, as JSON data (a copy: later steps do not change it). */
  getState(): EnvState;
  /**
   * Puts back what `getState` returned (also after a JSON round trip). Checks the whole state
   * first: a wrong shape throws a `GymkitError` naming the field, and changes nothing.
   */
  setState(state: EnvState): void;
}

/**
 * True when `env` can save and restore its state. A wrapper (anything with Gymnasium's `env`
 * property and an `unwrapped` env below it) counts only if everything it wraps can, too.
 */
export function isStatefulEnv<E extends object>(env: E): env is E & StatefulEnv {
  let e: object = env;
  for (;;) {
    const s = e as Partial<StatefulEnv> & { env?: unknown; unwrapped?: unknown };
    if (typeof s.getState !== "function" || typeof s.setState !== "function") return false;
    const inner = s.env;
    if (s.unwrapped === undefined || s.unwrapped === e || typeof inner !== "object" || inner === null) {
      return true;
    }
    e = inner;
  }
}

/** The name an env goes by in errors: its spec id, else its class. */
export const envName = (env: object): string => {
  const e = env as { spec?: { id?: unknown }; unwrapped?: object };
  if (typeof e.spec?.id === "string") return e.spec.id;
  return (e.unwrapped ?? env).constructor.name;
};

/** The error for saving or restoring the state of an env that cannot. */
export function notStatefulError(env: object): GymkitError {
  return new GymkitError(
    "GYMKIT_INVALID_ARGUMENT",
    `${envName(env)}: this env cannot save its state (it does not implement getState/setState), so a run on it cannot resume exactly.`,
  );
}

/**
 * Validates a state against `schema`, or throws `GymkitError("GYMKIT_INVALID_ARGUMENT")`:
 * `<who>: invalid state at <path>: expected ..., got ...`. For `setState` implementations.
 */
export function parseEnvState<S extends z.ZodType>(schema: S, state: unknown, who: string): z.output<S> {
  try {
    return parseOptions(schema, state ?? null, { path: "state" });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${who}: invalid ${message.replace(/^Invalid config at /, "")} Pass what getState() returned.`,
      { cause: e },
    );
  }
}

/**
 * The schema of a saved `RngState` (`rng.getState()`), for `setState` implementations. Its words
 * are 32-bit integers, unsigned for numpy's PCG64 and signed for `createRng`'s xoroshiro128+
 * (pure-rand keeps int32 words); each generator's `setState` checks its own.
 */
export const RNG_STATE = z.object({
  algorithm: z.string(),
  state: z.array(z.number().int().min(-0x80000000).max(0xffffffff)),
  path: z.string(),
  forks: z.number().int().min(0),
});

/** An `RngState` as JSON data (the interface itself is not assignable to `JsonValue`). */
export const rngStateToJson = (s: RngState): EnvState => ({
  algorithm: s.algorithm,
  state: [...s.state],
  path: s.path,
  forks: s.forks,
});

/** Checks that `value` is a state object before its fields are read. */
export function stateObject(value: unknown, who: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${who}: invalid state: expected an object, got ${describeValue(value)}. Pass what getState() returned.`,
    );
  }
  return value as Record<string, unknown>;
}
