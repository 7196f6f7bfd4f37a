import {
  assertSeed,
  Box,
  createNumpyRng,
  Discrete,
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
  type StatefulEnv,
  type StepResult,
  type WarnFn,
  z,
} from "@gymkit/core";
import {
  type CartPoleOptions,
  type CartPoleRenderMode,
  parseCartPoleOptions,
  parseResetBounds,
} from "./options.js";
import {
  FORCE_MAG,
  GRAVITY,
  LENGTH,
  MASSCART,
  MASSPOLE,
  OBSERVATION_HIGH,
  POLEMASS_LENGTH,
  TAU,
  THETA_THRESHOLD_RADIANS,
  TOTAL_MASS,
  X_THRESHOLD,
} from "./physics.js";
import { renderAnsi, renderRgb, renderSvg } from "./render.js";

/** The state as 4 float64 numbers `[x, x_dot, theta, theta_dot]`. */
export type CartPoleState = [x: number, xDot: number, theta: number, thetaDot: number];

const EMPTY_INFO: Info = Object.freeze({});

/** What `CartPoleEnv.getState()` returns, checked by `setState`. */
const STATE = z.strictObject({
  env: z.literal("CartPole"),
  /** `[x, x_dot, theta, theta_dot]`, or null before the first reset. */
  state: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  /** -1 stands for Gymnasium's None. */
  stepsBeyondTerminated: z.number().int().min(-1),
  /** The numpy generator, or null when it was never used. */
  rng: RNG_STATE.nullable(),
});

/** The RangeError for an action outside Discrete(2); shared with `CartPoleVector`. */
export function invalidActionError(action: unknown, where = "CartPole"): RangeError {
  return new RangeError(
    `${where}: invalid action ${describeValue(action)} (${typeof action}); the action space is Discrete(2): 0 (push left) or 1 (push right).`,
  );
}

/**
 * ## Description
 * A pole is attached by an un-actuated joint to a cart, which moves along a frictionless track.
 * The pendulum is placed upright on the cart and the goal is to balance the pole by applying
 * forces in the left and right direction on the cart. This is Gymnasium 1.4's
 * `classic_control/cartpole.py` (Barto, Sutton & Anderson, 1983), step for step: the same
 * constants, float64 state, float32 observations, and numpy's generator for the initial state.
 *
 * ## Action Space
 * `Discrete(2)`: 0 pushes the cart to the left, 1 to the right, with a force of 10 N. Anything
 * else (2, -1, 0.5, NaN, "1") throws a `RangeError`.
 *
 * ## Observation Space
 * `Box(4,)` of float32:
 *
 * | Num | Observation           | Min                 | Max               |
 * |-----|-----------------------|---------------------|-------------------|
 * | 0   | Cart Position         | -4.8                | 4.8               |
 * | 1   | Cart Velocity         | -Inf                | Inf               |
 * | 2   | Pole Angle            | ~ -0.418 rad (-24°) | ~ 0.418 rad (24°) |
 * | 3   | Pole Angular Velocity | -Inf                | Inf               |
 *
 * The bounds are twice the termination thresholds. The observation array is reused: it is valid
 * until the next `step`/`reset` unless copied (or make the env with `copyObservations: true`).
 *
 * ## Rewards
 * +1 for every step taken, including the terminating step (return = episode length, at most 500
 * for v1 and 200 for v0). With `suttonBartoReward: true`: 0 per step and -1 on termination.
 * Stepping after termination warns once and gives 0 (-1 with `suttonBartoReward`).
 *
 * ## Starting State
 * All four state variables drawn uniformly from (-0.05, 0.05) by numpy's `Generator.uniform`:
 * `reset({ seed })` gives the same state as Gymnasium's `env.reset(seed=seed)`, bit for bit.
 * `reset({ options: { low, high } })` changes the bounds.
 *
 * ## Episode End
 * 1. Termination: pole angle beyond ±12°.
 * 2. Termination: cart position beyond ±2.4 (the cart centre reaches the edge of the display).
 * 3. Truncation (added by `make`'s TimeLimit): 500 steps for v1, 200 for v0.
 *
 * ## Arguments
 * `make("CartPole-v1", { renderMode, suttonBartoReward, kinematicsIntegrator, copyObservations, warn })`;
 * see `CartPoleOptions`. Reset options: `{ low, high }`.
 *
 * ## Saving the state
 * `getState()`/`setState()` capture everything `step` and `reset` depend on: the float64 state,
 * `stepsBeyondTerminated` and the numpy generator (the observation is written from the state).
 * Options (`suttonBartoReward`, `kinematicsIntegrator`) are not state: restore into an env made
 * with the same ones.
 *
 * ## Version History
 * - v1: `maxEpisodeSteps` 500, `rewardThreshold` 475.
 * - v0: initial version, `maxEpisodeSteps` 200, `rewardThreshold` 195.
 */
export class CartPoleEnv implements Env<Float32Array, number>, StatefulEnv {
  /** Render modes and frame rate (Gymnasium renders at 50 fps, matching tau = 0.02 s). */
  static readonly metadata: EnvMetadata = Object.freeze({
    renderModes: ["ansi", "rgb_array", "svg"],
    renderFps: 50,
  });
  readonly metadata: EnvMetadata = CartPoleEnv.metadata;
  readonly actionSpace = new Discrete(2);
  readonly observationSpace = new Box(
    OBSERVATION_HIGH.map((v) => -v),
    OBSERVATION_HIGH,
    [4],
    "float32",
  );
  readonly renderMode: CartPoleRenderMode | undefined;
  spec: EnvSpec | undefined = undefined;

  // Gymnasium's attributes, for introspection (the step uses the module constants).
  readonly gravity = GRAVITY;
  readonly masscart = MASSCART;
  readonly masspole = MASSPOLE;
  readonly totalMass = TOTAL_MASS;
  readonly length = LENGTH;
  readonly polemassLength = POLEMASS_LENGTH;
  readonly forceMag = FORCE_MAG;
  readonly tau = TAU;
  readonly thetaThresholdRadians = THETA_THRESHOLD_RADIANS;
  readonly xThreshold = X_THRESHOLD;
  readonly kinematicsIntegrator: CartPoleOptions["kinematicsIntegrator"];
  readonly suttonBartoReward: boolean;

  private readonly semiImplicit: boolean;
  private readonly copy: boolean;
  private readonly warn: WarnFn;
  private x = 0;
  private xDot = 0;
  private theta = 0;
  private thetaDot = 0;
  private hasState = false;
  /** Gymnasium's `steps_beyond_terminated`; -1 stands for None. */
  private stepsBeyondTerminated = -1;
  private generator: NumpyRng | undefined;
  private readonly obs = new Float32Array(4);
  private readonly result: StepResult<Float32Array>;

  constructor(options: Partial<CartPoleOptions> = {}) {
    const o = parseCartPoleOptions(options);
    this.renderMode = o.renderMode;
    this.kinematicsIntegrator = o.kinematicsIntegrator;
    this.semiImplicit = o.kinematicsIntegrator === "semi-implicit-euler";
    this.suttonBartoReward = o.suttonBartoReward;
    this.copy = o.copyObservations;
    this.warn = o.warn;
    this.result = { observation: this.obs, reward: 0, terminated: false, truncated: false, info: EMPTY_INFO };
  }

  get unwrapped(): this {
    return this;
  }

  /**
   * The env's numpy-compatible generator (Gymnasium's `np_random`). Created from OS entropy on
   * first use when the env was never seeded.
   */
  get npRandom(): NumpyRng {
    this.generator ??= createNumpyRng();
    return this.generator;
  }

  /** The float64 state `[x, x_dot, theta, theta_dot]` (a copy), or undefined before the first reset. */
  get state(): CartPoleState | undefined {
    return this.hasState ? [this.x, this.xDot, this.theta, this.thetaDot] : undefined;
  }

  /** Sets the state, like assigning `env.unwrapped.state` in Gymnasium. */
  set state(value: ArrayLike<number> | undefined) {
    if (value === undefined) {
      this.hasState = false;
      return;
    }
    if (value.length !== 4 || !Array.from(value).every((v) => typeof v === "number")) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `CartPole.state must be 4 numbers [x, x_dot, theta, theta_dot], got ${describeValue(value)}.`,
      );
    }
    [this.x, this.xDot, this.theta, this.thetaDot] = [value[0]!, value[1]!, value[2]!, value[3]!];
    this.hasState = true;
  }

  reset(args: ResetArgs = {}): ResetResult<Float32Array> {
    if (typeof args !== "object" || args === null) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `CartPole.reset: expected { seed?, options? }, got ${describeValue(args)}.`,
      );
    }
    const seed: unknown = args.seed;
    if (seed !== undefined && seed !== null) {
      assertSeed(seed);
      this.generator = createNumpyRng(seed);
    }
    const [low, high] = parseResetBounds(args.options);
    // One uniform(low, high, size=(4,)) call in Gymnasium: four draws in order.
    const rng = this.npRandom;
    this.x = rng.uniform(low, high);
    this.xDot = rng.uniform(low, high);
    this.theta = rng.uniform(low, high);
    this.thetaDot = rng.uniform(low, high);
    this.hasState = true;
    this.stepsBeyondTerminated = -1;
    return { observation: this.writeObservation(), info: EMPTY_INFO };
  }

  step(action: number): StepResult<Float32Array> {
    // One comparison pair rejects 2, -1, 0.5, NaN and "1" alike.
    if (action !== 0 && action !== 1) throw invalidActionError(action);
    if (!this.hasState) {
      throw new GymkitError(
        "GYMKIT_RESET_NEEDED",
        "CartPole: step() called before reset(). Call env.reset({ seed }) once first.",
      );
    }
    const force = action === 1 ? FORCE_MAG : -FORCE_MAG;
    let x = this.x;
    let xDot = this.xDot;
    let theta = this.theta;
    let thetaDot = this.thetaDot;
    const costheta = Math.cos(theta);
    const sintheta = Math.sin(theta);
    // Same operations in the same order as Gymnasium, so every rounding matches.
    const temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sintheta) / TOTAL_MASS;
    const thetaacc =
      (GRAVITY * sintheta - costheta * temp) /
      (LENGTH * (4.0 / 3.0 - (MASSPOLE * (costheta * costheta)) / TOTAL_MASS));
    const xacc = temp - (POLEMASS_LENGTH * thetaacc * costheta) / TOTAL_MASS;
    if (this.semiImplicit) {
      xDot = xDot + TAU * xacc;
      x = x + TAU * xDot;
      thetaDot = thetaDot + TAU * thetaacc;
      theta = theta + TAU * thetaDot;
    } else {
      x = x + TAU * xDot;
      xDot = xDot + TAU * xacc;
      theta = theta + TAU * thetaDot;
      thetaDot = thetaDot + TAU * thetaacc;
    }
    this.x = x;
    this.xDot = xDot;
    this.theta = theta;
    this.thetaDot = thetaDot;

    const terminated =
      x < -X_THRESHOLD ||
      x > X_THRESHOLD ||
      theta < -THETA_THRESHOLD_RADIANS ||
      theta > THETA_THRESHOLD_RADIANS;
    let reward: number;
    if (!terminated) {
      reward = this.suttonBartoReward ? 0.0 : 1.0;
    } else if (this.stepsBeyondTerminated < 0) {
      this.stepsBeyondTerminated = 0; // the pole just fell
      reward = this.suttonBartoReward ? -1.0 : 1.0;
    } else {
      if (this.stepsBeyondTerminated === 0) this.warnPastTermination();
      this.stepsBeyondTerminated++;
      reward = this.suttonBartoReward ? -1.0 : 0.0;
    }

    const obs = this.obs;
    obs[0] = x;
    obs[1] = xDot;
    obs[2] = theta;
    obs[3] = thetaDot;
    if (this.copy) {
      return { observation: obs.slice(), reward, terminated, truncated: false, info: EMPTY_INFO };
    }
    const r = this.result;
    r.reward = reward;
    r.terminated = terminated;
    r.truncated = false; // TimeLimit sets it in place on this reused object
    return r;
  }

  /** The whole state as JSON data: `{ env: "CartPole", state, stepsBeyondTerminated, rng }`. */
  getState(): EnvState {
    return {
      env: "CartPole",
      state: this.hasState ? [this.x, this.xDot, this.theta, this.thetaDot] : null,
      stepsBeyondTerminated: this.stepsBeyondTerminated,
      rng: this.generator ? rngStateToJson(this.generator.getState()) : null,
    };
  }

  /** Restores what `getState` returned; checks everything first, so a bad state changes nothing. */
  setState(state: EnvState): void {
    const who = this.spec?.id ?? "CartPole";
    const s = parseEnvState(STATE, state, who);
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
    [this.x, this.xDot, this.theta, this.thetaDot] = s.state ?? [0, 0, 0, 0];
    this.stepsBeyondTerminated = s.stepsBeyondTerminated;
  }

  render(): RenderFrame {
    if (this.renderMode === undefined) {
      this.warn(
        'CartPole: render() called without a render mode; make the env with { renderMode: "rgb_array" } (or "ansi", "svg").',
      );
      return undefined;
    }
    if (!this.hasState) return undefined;
    if (this.renderMode === "rgb_array") return renderRgb(this.x, this.theta);
    if (this.renderMode === "svg") return renderSvg(this.x, this.theta);
    return renderAnsi([this.x, this.xDot, this.theta, this.thetaDot]);
  }

  close(): void {}

  toString(): string {
    return this.spec ? `CartPoleEnv<${this.spec.id}>` : "CartPoleEnv";
  }

  private writeObservation(): Float32Array {
    const obs = this.obs;
    obs[0] = this.x;
    obs[1] = this.xDot;
    obs[2] = this.theta;
    obs[3] = this.thetaDot;
    return this.copy ? obs.slice() : obs;
  }

  private warnPastTermination(): void {
    this.warn(
      "CartPole: step() called after this environment already returned terminated = true. Call reset() once you receive terminated = true; any further steps are undefined behaviour (reward 0, or -1 with suttonBartoReward).",
    );
  }
}
