import {
  type AutoresetMode,
  assertSeed,
  Box,
  createNumpyRng,
  Discrete,
  describeValue,
  type EnvState,
  GymkitError,
  type Info,
  type NumpyRng,
  parseEnvState,
  RNG_STATE,
  rngStateToJson,
  type StatefulEnv,
  type VectorEnv,
  type VectorResetArgs,
  type VectorStepResult,
  z,
} from "@gymkit/core";
import { invalidActionError } from "./cartpole-env.js";
import { type CartPoleVectorOptions, parseCartPoleVectorOptions, parseResetBounds } from "./options.js";
import {
  FORCE_MAG,
  GRAVITY,
  LENGTH,
  MASSPOLE,
  OBSERVATION_HIGH,
  POLEMASS_LENGTH,
  TAU,
  THETA_THRESHOLD_RADIANS,
  TOTAL_MASS,
  X_THRESHOLD,
} from "./physics.js";

const EMPTY_INFO: Info = Object.freeze({});

/** What `CartPoleVector.getState()` returns, checked by `setState`. */
const STATE = z.strictObject({
  vector: z.literal("CartPoleVector"),
  hasReset: z.boolean(),
  /** Per sub-env `[x, x_dot, theta, theta_dot]`. */
  states: z.array(z.tuple([z.number(), z.number(), z.number(), z.number()])),
  elapsed: z.array(z.number().int().min(0)),
  pendingReset: z.array(z.union([z.literal(0), z.literal(1)])),
  stepsBeyondTerminated: z.array(z.number().int().min(-1)),
  rngs: z.array(RNG_STATE.nullable()),
});

/**
 * n CartPoles stepped in one call, on structure-of-arrays `Float64Array` state.
 *
 * Each sub-env i behaves exactly like `registry.make("CartPole-v1")` reset with seed `seed + i`
 * (its own numpy-compatible generator, its own TimeLimit of `maxEpisodeSteps`): the same
 * observations, rewards and flags, step for step, across autoresets (tested). This is what
 * Gymnasium's `SyncVectorEnv` over `gym.make` envs produces; Gymnasium's own
 * `CartPoleVectorEnv` instead draws all initial states from one shared generator.
 *
 * Autoreset (`autoresetMode`):
 * - `next-step` (default, as Gymnasium): the step that ends an episode returns its last
 *   observation; the next `step` resets that sub-env (its action is ignored, reward 0, flags false).
 * - `same-step`: the ending step resets at once; `observations` holds the new first observation,
 *   `finalObservations` the last one of the ended episode (rows where terminated or truncated).
 * - `disabled`: nothing resets by itself; call `reset({ mask })`.
 *
 * Result buffers are reused: `step` allocates nothing, and what it returns is valid until the next
 * `step`/`reset` unless copied. An invalid action throws a `RangeError` from inside the batch
 * (checking in the physics loop saves a pass); the sub-envs before it have then stepped, so the
 * vector env refuses further steps until `reset`.
 *
 * `getState`/`setState` save each sub-env's float64 state, time-limit count, autoreset flag,
 * steps past termination and numpy generator.
 */
/** The most sub-envs one CartPoleVector takes. */
export const MAX_SUB_ENVS = 2 ** 24;

export class CartPoleVector implements VectorEnv, StatefulEnv {
  readonly numEnvs: number;
  readonly autoresetMode: AutoresetMode;
  readonly singleObservationSpace = new Box(
    OBSERVATION_HIGH.map((v) => -v),
    OBSERVATION_HIGH,
    [4],
    "float32",
  );
  readonly singleActionSpace = new Discrete(2);
  readonly observationSize = 4;
  readonly actionSize = 1;
  readonly maxEpisodeSteps: number;
  readonly suttonBartoReward: boolean;
  readonly kinematicsIntegrator: CartPoleVectorOptions["kinematicsIntegrator"];

  // Structure-of-arrays state, float64 as Gymnasium's.
  private readonly x: Float64Array;
  private readonly xDot: Float64Array;
  private readonly theta: Float64Array;
  private readonly thetaDot: Float64Array;
  /** Steps since each sub-env's reset (its TimeLimit). */
  private readonly elapsed: Int32Array;
  /** next-step mode: the sub-env ended last step and resets on this one. */
  private readonly pendingReset: Uint8Array;
  /** Gymnasium's `steps_beyond_terminated` per sub-env; -1 is None. Only `disabled` mode steps past the end. */
  private readonly beyond: Int32Array;
  private readonly rngs: Array<NumpyRng | undefined>;
  private readonly result: VectorStepResult & { finalObservations?: Float32Array };
  private hasReset = false;
  private readonly warn: (message: string) => void;

  constructor(numEnvs: number, options: Partial<CartPoleVectorOptions> & Record<string, unknown> = {}) {
    // 2^24 sub-envs already hold ~1 GB of state and generators; more is a typo, not a plan.
    if (!Number.isInteger(numEnvs) || numEnvs <= 0 || numEnvs > MAX_SUB_ENVS) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `CartPoleVector(n): n must be an integer in [1, ${MAX_SUB_ENVS}], got ${describeValue(numEnvs)}.`,
      );
    }
    const o = parseCartPoleVectorOptions(options);
    this.numEnvs = numEnvs;
    this.autoresetMode = o.autoresetMode;
    this.maxEpisodeSteps = o.maxEpisodeSteps;
    this.suttonBartoReward = o.suttonBartoReward;
    this.kinematicsIntegrator = o.kinematicsIntegrator;
    this.x = new Float64Array(numEnvs);
    this.xDot = new Float64Array(numEnvs);
    this.theta = new Float64Array(numEnvs);
    this.thetaDot = new Float64Array(numEnvs);
    this.elapsed = new Int32Array(numEnvs);
    this.pendingReset = new Uint8Array(numEnvs);
    this.beyond = new Int32Array(numEnvs).fill(-1);
    this.rngs = new Array<NumpyRng | undefined>(numEnvs).fill(undefined);
    this.result = {
      observations: new Float32Array(numEnvs * 4),
      rewards: new Float64Array(numEnvs),
      terminated: new Uint8Array(numEnvs),
      truncated: new Uint8Array(numEnvs),
      infos: Object.freeze(Array.from({ length: numEnvs }, () => EMPTY_INFO)),
    };
    if (o.autoresetMode === "same-step") this.result.finalObservations = new Float32Array(numEnvs * 4);
    this.warn = o.warn;
  }

  /** The float64 state of sub-env i, `[x, x_dot, theta, theta_dot]` (a copy). */
  stateOf(i: number): [number, number, number, number] {
    return [this.x[i]!, this.xDot[i]!, this.theta[i]!, this.thetaDot[i]!];
  }

  /**
   * Resets every sub-env (or those where `mask[i]` is truthy). `seed`: one number (sub-env i gets
   * seed + i) or one per sub-env; `options`: CartPole's `{ low, high }` bounds.
   */
  reset(args: VectorResetArgs = {}): { observations: Float32Array; infos: readonly Info[] } {
    const n = this.numEnvs;
    const { seed, options, mask } = args;
    if (seed !== undefined && seed !== null) {
      if (typeof seed === "number" || !Array.isArray(seed)) {
        assertSeed(seed);
        assertSeed(seed + n - 1, `seed + ${n - 1}`);
      } else if (seed.length !== n) {
        throw new GymkitError(
          "GYMKIT_INVALID_SEED",
          `CartPoleVector.reset: give one seed or ${n} seeds (one per sub-env), got ${seed.length}.`,
        );
      }
    }
    if (mask !== undefined && mask.length !== n) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `CartPoleVector.reset: mask must have ${n} entries, got ${mask.length}.`,
      );
    }
    const [low, high] = parseResetBounds(options, "CartPoleVector.reset");
    for (let i = 0; i < n; i++) {
      if (mask !== undefined && !mask[i]) continue;
      if (seed !== undefined && seed !== null) {
        const s = typeof seed === "number" ? seed + i : (seed as readonly number[])[i];
        assertSeed(s, `seed[${i}]`);
        this.rngs[i] = createNumpyRng(s);
      }
      this.resetOne(i, low, high);
      this.writeObservation(i, this.result.observations);
    }
    this.hasReset = true;
    return { observations: this.result.observations, infos: this.result.infos };
  }

  step(actions: ArrayLike<number>): VectorStepResult {
    const n = this.numEnvs;
    if (!this.hasReset) {
      throw new GymkitError(
        "GYMKIT_RESET_NEEDED",
        "CartPoleVector: step() called before reset() (or after a step that threw on an invalid action). Call vec.reset({ seed }) first.",
      );
    }
    if (actions?.length !== n) {
      throw new RangeError(
        `CartPoleVector: expected ${n} actions, got ${actions?.length ?? String(actions)}.`,
      );
    }
    const { x, xDot, theta, thetaDot, elapsed, pendingReset } = this;
    const { observations: obs, rewards, terminated, truncated } = this.result;
    const mode = this.autoresetMode;
    const nextStep = mode === "next-step";
    const sameStep = mode === "same-step";
    const semiImplicit = this.kinematicsIntegrator === "semi-implicit-euler";
    const disabled = mode === "disabled";
    const aliveReward = this.suttonBartoReward ? 0.0 : 1.0;
    const fallReward = this.suttonBartoReward ? -1.0 : 1.0;
    const max = this.maxEpisodeSteps;
    for (let i = 0; i < n; i++) {
      const a = actions[i];
      // Checked in the physics loop (a separate pass cost ~10% of the step). A bad action leaves
      // the sub-envs before it stepped, so the vector env then refuses to step until reset.
      if (a !== 0 && a !== 1) {
        this.hasReset = false;
        throw invalidActionError(a, `CartPoleVector: actions[${i}]`);
      }
      if (nextStep && pendingReset[i] === 1) {
        pendingReset[i] = 0;
        this.resetOne(i, -0.05, 0.05);
        this.writeObservation(i, obs);
        rewards[i] = 0;
        terminated[i] = 0;
        truncated[i] = 0;
        continue;
      }
      const force = a === 1 ? FORCE_MAG : -FORCE_MAG;
      let xi = x[i]!;
      let xd = xDot[i]!;
      let th = theta[i]!;
      let thd = thetaDot[i]!;
      const costheta = Math.cos(th);
      const sintheta = Math.sin(th);
      // Gymnasium's operations in Gymnasium's order (see CartPoleEnv.step). Deliberately inlined
      // rather than shared with CartPoleEnv: a shared in-place or scratch-array function measured
      // 6-9% fewer env-steps/s here. The golden replay and the vector-vs-scalar equivalence tests
      // keep the two copies identical.
      const temp = (force + POLEMASS_LENGTH * (thd * thd) * sintheta) / TOTAL_MASS;
      const thetaacc =
        (GRAVITY * sintheta - costheta * temp) /
        (LENGTH * (4.0 / 3.0 - (MASSPOLE * (costheta * costheta)) / TOTAL_MASS));
      const xacc = temp - (POLEMASS_LENGTH * thetaacc * costheta) / TOTAL_MASS;
      if (semiImplicit) {
        xd = xd + TAU * xacc;
        xi = xi + TAU * xd;
        thd = thd + TAU * thetaacc;
        th = th + TAU * thd;
      } else {
        xi = xi + TAU * xd;
        xd = xd + TAU * xacc;
        th = th + TAU * thd;
        thd = thd + TAU * thetaacc;
      }
      x[i] = xi;
      xDot[i] = xd;
      theta[i] = th;
      thetaDot[i] = thd;
      const term =
        xi < -X_THRESHOLD ||
        xi > X_THRESHOLD ||
        th < -THETA_THRESHOLD_RADIANS ||
        th > THETA_THRESHOLD_RADIANS;
      // Only `disabled` mode can step a finished sub-env, so only it tracks steps past the end.
      let reward = term ? fallReward : aliveReward;
      if (term && disabled) reward = this.pastEndReward(i);
      const steps = ++elapsed[i]!;
      const trunc = steps >= max;
      rewards[i] = reward;
      terminated[i] = term ? 1 : 0;
      truncated[i] = trunc ? 1 : 0;
      const o = i * 4;
      obs[o] = xi;
      obs[o + 1] = xd;
      obs[o + 2] = th;
      obs[o + 3] = thd;
      if (term || trunc) {
        if (nextStep) {
          pendingReset[i] = 1;
        } else if (sameStep) {
          const fin = this.result.finalObservations!;
          fin[o] = obs[o]!;
          fin[o + 1] = obs[o + 1]!;
          fin[o + 2] = obs[o + 2]!;
          fin[o + 3] = obs[o + 3]!;
          this.resetOne(i, -0.05, 0.05);
          this.writeObservation(i, obs);
        }
      }
    }
    return this.result;
  }

  /** `{ vector: "CartPoleVector", hasReset, states, elapsed, pendingReset, stepsBeyondTerminated, rngs }`. */
  getState(): EnvState {
    const n = this.numEnvs;
    return {
      vector: "CartPoleVector",
      hasReset: this.hasReset,
      states: Array.from({ length: n }, (_, i) => this.stateOf(i)),
      elapsed: Array.from(this.elapsed),
      pendingReset: Array.from(this.pendingReset),
      stepsBeyondTerminated: Array.from(this.beyond),
      rngs: this.rngs.map((rng) => (rng ? rngStateToJson(rng.getState()) : null)),
    };
  }

  /** Restores what `getState` returned; checks everything first, so a bad state changes nothing. */
  setState(state: EnvState): void {
    const n = this.numEnvs;
    const who = `CartPoleVector(${n})`;
    const s = parseEnvState(STATE, state, who);
    for (const key of ["states", "elapsed", "pendingReset", "stepsBeyondTerminated", "rngs"] as const) {
      if (s[key].length !== n) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `${who}: invalid state.${key}: expected ${n} entries (one per sub-env), got ${s[key].length}. Pass what getState() returned.`,
        );
      }
    }
    const rngs = s.rngs.map((saved, i) => {
      if (saved === null) return undefined;
      const rng = createNumpyRng(0);
      try {
        rng.setState(saved);
      } catch (e) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `${who}: invalid state.rngs[${i}]: ${e instanceof Error ? e.message : String(e)} Pass what getState() returned.`,
          { cause: e },
        );
      }
      return rng;
    });
    for (let i = 0; i < n; i++) {
      [this.x[i], this.xDot[i], this.theta[i], this.thetaDot[i]] = s.states[i]!;
      this.rngs[i] = rngs[i];
    }
    this.elapsed.set(s.elapsed);
    this.pendingReset.set(s.pendingReset);
    this.beyond.set(s.stepsBeyondTerminated);
    this.hasReset = s.hasReset;
  }

  close(): void {}

  toString(): string {
    return `CartPoleVector(${this.numEnvs}, ${this.autoresetMode})`;
  }

  /** reset() of sub-env i without a seed: four uniform draws from its own generator. */
  private resetOne(i: number, low: number, high: number): void {
    let rng = this.rngs[i];
    if (rng === undefined) {
      rng = createNumpyRng(); // never seeded: OS entropy, as Gymnasium
      this.rngs[i] = rng;
    }
    this.x[i] = rng.uniform(low, high);
    this.xDot[i] = rng.uniform(low, high);
    this.theta[i] = rng.uniform(low, high);
    this.thetaDot[i] = rng.uniform(low, high);
    this.elapsed[i] = 0;
    this.beyond[i] = -1;
    this.pendingReset[i] = 0;
  }

  private writeObservation(i: number, out: Float32Array): void {
    const o = i * 4;
    out[o] = this.x[i]!;
    out[o + 1] = this.xDot[i]!;
    out[o + 2] = this.theta[i]!;
    out[o + 3] = this.thetaDot[i]!;
  }

  /** Reward of a terminated step of sub-env i in `disabled` mode (Gymnasium's steps_beyond_terminated logic). */
  private pastEndReward(i: number): number {
    const sb = this.suttonBartoReward;
    if (this.beyond[i]! < 0) {
      this.beyond[i] = 0; // the pole just fell
      return sb ? -1.0 : 1.0;
    }
    if (this.beyond[i] === 0) this.warnPastTermination(i);
    this.beyond[i]!++;
    return sb ? -1.0 : 0.0;
  }

  private warnPastTermination(i: number): void {
    this.warn(
      `CartPoleVector: sub-env ${i} stepped after it returned terminated = true (autoresetMode "disabled"); reset it with reset({ mask }). Further steps are undefined behaviour (reward 0, or -1 with suttonBartoReward).`,
    );
  }
}
