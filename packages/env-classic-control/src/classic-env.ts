import {
  assertEnvSeed,
  type Box,
  createNumpyRng,
  describeValue,
  type Env,
  type EnvMetadata,
  type EnvSpec,
  type EnvState,
  GymkitError,
  type Info,
  type NumpyRng,
  parseEnvState,
  type RenderFrame,
  type ResetArgs,
  type ResetResult,
  RNG_STATE,
  rngStateToJson,
  type Space,
  type StatefulEnv,
  type StepResult,
  type WarnFn,
  z,
} from "@gymkit/core";
import { rasterize, type Scene, toAnsi, toSvg } from "./draw.js";
import type { TrigKind } from "./math.js";
import type { ClassicRenderMode, CommonEnvOptions } from "./options.js";

/** NumPy's dtype of `env.unwrapped.state`: Acrobot's reset state and MountainCarContinuous's stepped state are float32. */
export type StateDtype = "float32" | "float64";

const EMPTY_INFO: Info = Object.freeze({});

/** What `getState()` returns, checked by `setState`. */
const STATE = z.strictObject({
  env: z.string(),
  /** The state, or null before the first reset. */
  state: z.array(z.number()).nullable(),
  stateDtype: z.enum(["float32", "float64"]),
  /** Pendulum's last clipped torque (for rendering); null before the first step. */
  lastU: z.number().nullable().optional(),
  /** The numpy generator, or null when it was never used. */
  rng: RNG_STATE.nullable(),
});

/**
 * What the four classic-control envs share: Gymnasium's seeding (`reset({ seed })` builds the
 * numpy-compatible generator; a bigint seed of any size works), `env.unwrapped.state` readable and
 * assignable, `getState`/`setState`, reused observation and result objects, and rendering through
 * ./draw.js. Each env adds its dynamics (`advance`), its reset draws and its observation.
 */
export abstract class ClassicControlEnv<Act> implements Env<Float32Array, Act>, StatefulEnv {
  abstract readonly actionSpace: Space<Act>;
  abstract readonly observationSpace: Box;
  abstract readonly metadata: EnvMetadata;
  readonly renderMode: ClassicRenderMode | undefined;
  spec: EnvSpec | undefined = undefined;

  /** The float64 state (float32 values when `dtype` is float32). */
  protected readonly s: Float64Array;
  protected dtype: StateDtype = "float64";
  protected hasState = false;
  /** Set by `advance`. */
  protected terminated = false;
  /** Pendulum's last torque, for its picture. */
  protected lastU: number | null = null;
  protected readonly warn: WarnFn;
  /** Which sin/cos the dynamics use (the `trig` option). */
  readonly trig: TrigKind;
  /** `trig === "correctly-rounded"`, as the physics functions take it. */
  protected readonly cr: boolean;
  private generator: NumpyRng | undefined;
  private readonly copy: boolean;
  private readonly obs: Float32Array;
  private readonly result: StepResult<Float32Array>;

  constructor(
    /** The name in messages and `getState()`. */
    protected readonly envName: string,
    private readonly stateNames: readonly string[],
    observationSize: number,
    options: CommonEnvOptions,
  ) {
    this.s = new Float64Array(stateNames.length);
    this.obs = new Float32Array(observationSize);
    this.renderMode = options.renderMode;
    this.copy = options.copyObservations;
    this.warn = options.warn;
    this.trig = options.trig;
    this.cr = options.trig === "correctly-rounded";
    this.result = { observation: this.obs, reward: 0, terminated: false, truncated: false, info: EMPTY_INFO };
  }

  /** Draws the initial state from `rng` (Gymnasium's reset, after seeding) into `this.s`. */
  protected abstract resetState(rng: NumpyRng, options: Readonly<Record<string, unknown>> | undefined): void;
  /** Checks the action, steps `this.s`, sets `this.terminated`, returns the reward. */
  protected abstract advance(action: Act): number;
  /** Writes the observation of `this.s` into `obs`. */
  protected abstract observe(obs: Float32Array): void;
  /** The picture of `this.s`. */
  protected abstract scene(): Scene;

  get unwrapped(): this {
    return this;
  }

  /** The env's numpy-compatible generator (Gymnasium's `np_random`), from OS entropy if never seeded. */
  get npRandom(): NumpyRng {
    this.generator ??= createNumpyRng();
    return this.generator;
  }

  /** `env.unwrapped.state` as numbers (a copy), or undefined before the first reset. */
  get state(): number[] | undefined {
    return this.hasState ? Array.from(this.s) : undefined;
  }

  /**
   * Assigns the state, like `env.unwrapped.state = ...` in Gymnasium. A `Float32Array` gives a
   * float32 state (NumPy's dtype matters for Acrobot's reset observation and MountainCarContinuous's
   * arithmetic); any other array of numbers a float64 one.
   */
  set state(value: ArrayLike<number> | undefined) {
    if (value === undefined) {
      this.hasState = false;
      return;
    }
    const n = this.stateNames.length;
    if (value?.length !== n || !Array.from(value).every((v) => typeof v === "number")) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${this.envName}.state must be ${n} numbers [${this.stateNames.join(", ")}], got ${describeValue(value)}.`,
      );
    }
    this.s.set(Array.from(value));
    this.dtype = value instanceof Float32Array ? "float32" : "float64";
    this.hasState = true;
  }

  /** NumPy's dtype of `state` in Gymnasium at this point. */
  get stateDtype(): StateDtype {
    return this.dtype;
  }

  reset(args: ResetArgs = {}): ResetResult<Float32Array> {
    if (typeof args !== "object" || args === null) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${this.envName}.reset: expected { seed?, options? }, got ${describeValue(args)}.`,
      );
    }
    const seed: unknown = args.seed;
    if (seed !== undefined && seed !== null) {
      assertEnvSeed(seed);
      this.generator = createNumpyRng(seed);
    }
    this.resetState(this.npRandom, args.options);
    this.hasState = true;
    this.lastU = null;
    this.observe(this.obs);
    return { observation: this.copy ? this.obs.slice() : this.obs, info: EMPTY_INFO };
  }

  step(action: Act): StepResult<Float32Array> {
    if (!this.hasState) {
      throw new GymkitError(
        "GYMKIT_RESET_NEEDED",
        `${this.envName}: step() called before reset(). Call env.reset({ seed }) once first.`,
      );
    }
    const reward = this.advance(action);
    const obs = this.obs;
    this.observe(obs);
    if (this.copy) {
      return {
        observation: obs.slice(),
        reward,
        terminated: this.terminated,
        truncated: false,
        info: EMPTY_INFO,
      };
    }
    const r = this.result;
    r.reward = reward;
    r.terminated = this.terminated;
    r.truncated = false; // TimeLimit sets it in place on this reused object
    return r;
  }

  /** The whole state as JSON data: `{ env, state, stateDtype, lastU?, rng }`. */
  getState(): EnvState {
    return {
      env: this.envName,
      state: this.hasState ? Array.from(this.s) : null,
      stateDtype: this.dtype,
      ...(this.lastU !== null ? { lastU: this.lastU } : {}),
      rng: this.generator ? rngStateToJson(this.generator.getState()) : null,
    };
  }

  /** Restores what `getState` returned; checks everything first, so a bad state changes nothing. */
  setState(state: EnvState): void {
    const who = this.spec?.id ?? this.envName;
    const s = parseEnvState(STATE, state, who);
    const n = this.stateNames.length;
    if (s.env !== this.envName || (s.state !== null && s.state.length !== n)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${who}: cannot restore a state of ${s.env} with ${s.state?.length ?? 0} numbers; expected ${this.envName} with ${n} [${this.stateNames.join(", ")}]. Pass what getState() returned.`,
      );
    }
    let generator: NumpyRng | undefined;
    if (s.rng !== null) {
      generator = createNumpyRng(0);
      try {
        generator.setState(s.rng);
      } catch (e) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `${who}: invalid state.rng: ${e instanceof Error ? e.message : String(e)} Pass what getState() returned.`,
          { cause: e },
        );
      }
    }
    this.generator = generator;
    this.hasState = s.state !== null;
    this.s.set(s.state ?? new Array<number>(n).fill(0));
    this.dtype = s.stateDtype;
    this.lastU = s.lastU ?? null;
  }

  render(): RenderFrame {
    if (this.renderMode === undefined) {
      this.warn(
        `${this.spec?.id ?? this.envName}: render() called without a render mode; make the env with { renderMode: "rgb_array" } (or "ansi", "svg").`,
      );
      return undefined;
    }
    if (!this.hasState) return undefined;
    const scene = this.scene();
    if (this.renderMode === "rgb_array") return rasterize(scene);
    if (this.renderMode === "svg") return toSvg(scene);
    const numbers = this.stateNames.map((name, i) => `${name}=${this.s[i]!.toFixed(4)}`).join(" ");
    return `${toAnsi(scene)}\n${numbers}`;
  }

  close(): void {}

  toString(): string {
    return this.spec ? `${this.constructor.name}<${this.spec.id}>` : this.constructor.name;
  }
}

/** The RangeError for an action outside a `Discrete(n)` space. */
export function invalidDiscreteAction(action: unknown, where: string, meaning: string): RangeError {
  return new RangeError(
    `${where}: invalid action ${describeValue(action)} (${typeof action}); the action space is Discrete(3): ${meaning}.`,
  );
}

/**
 * The float32 value of a one-number continuous action (Gymnasium passes `np.array([a], float32)`).
 * Anything else throws a `RangeError`.
 */
export function continuousAction(action: unknown, where: string, space: string): number {
  const a = (action as ArrayLike<unknown> | null | undefined)?.[0];
  if (
    typeof action !== "object" ||
    action === null ||
    (action as ArrayLike<unknown>).length !== 1 ||
    typeof a !== "number"
  ) {
    throw new RangeError(
      `${where}: invalid action ${describeValue(action)}; the action space is ${space}: pass a Float32Array of 1 number (values outside the bounds are clipped).`,
    );
  }
  return Math.fround(a);
}
