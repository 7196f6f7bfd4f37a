import {
  type ActionArray,
  type AutoresetMode,
  assertSeed,
  type Box,
  createNumpyRng,
  describeValue,
  type EnvState,
  GymkitError,
  type Info,
  type NumpyRng,
  parseEnvState,
  RNG_STATE,
  rngStateToJson,
  type Space,
  type StatefulEnv,
  type VectorResetArgs,
  type VectorStepResult,
  z,
} from "@gymkit/core";
import type { TrigKind } from "./math.js";
import type { CommonVectorOptions } from "./options.js";

const EMPTY_INFO: Info = Object.freeze({});

/** The most sub-envs one vector env takes (2^24 already hold ~1 GB of state and generators). */
export const MAX_SUB_ENVS = 2 ** 24;

/** What `getState()` returns, checked by `setState`. */
const STATE = z.strictObject({
  vector: z.string(),
  hasReset: z.boolean(),
  /** Per sub-env state. */
  states: z.array(z.array(z.number())),
  /** Per sub-env: 1 where Gymnasium's state is float32 at this point. */
  float32: z.array(z.union([z.literal(0), z.literal(1)])),
  elapsed: z.array(z.number().int().min(0)),
  pendingReset: z.array(z.union([z.literal(0), z.literal(1)])),
  rngs: z.array(RNG_STATE.nullable()),
});

/**
 * What the four classic-control vector envs share, as `CartPoleVector` does it: n sub-envs on one
 * `Float64Array` (row i holds sub-env i's state), each behaving exactly like `registry.make(id)`
 * reset with seed `seed + i` (its own numpy-compatible generator and TimeLimit), with Gymnasium's
 * autoreset modes (`next-step` by default; `same-step` fills `finalObservations`; `disabled`
 * resets only through `reset({ mask })`). `step` allocates nothing; its result is reused. An
 * invalid action throws from inside the batch, and the vector env then refuses to step until
 * `reset`. Each env adds its action check and dynamics (`advance`), reset draws and observation.
 */
export abstract class ClassicVector implements StatefulEnv {
  abstract readonly singleObservationSpace: Box;
  abstract readonly singleActionSpace: Space<unknown>;
  readonly numEnvs: number;
  readonly autoresetMode: AutoresetMode;
  readonly maxEpisodeSteps: number;
  readonly observationSize: number;
  /** Numbers per action: 1 for all four (one discrete action, or one float force/torque). */
  readonly actionSize = 1;

  /** Row-major state, `stateSize` numbers per sub-env. */
  protected readonly s: Float64Array;
  /** 1 where the sub-env's state is float32 in Gymnasium (Acrobot after reset, MountainCarContinuous after a step). */
  protected readonly f32: Uint8Array;
  /** Set by `advance`. */
  protected terminatedNow = false;
  protected readonly warn: (message: string) => void;
  /** Which sin/cos the dynamics use (the `trig` option). */
  readonly trig: TrigKind;
  /** `trig === "correctly-rounded"`, as the physics functions take it. */
  protected readonly cr: boolean;
  private readonly elapsed: Int32Array;
  private readonly pendingReset: Uint8Array;
  private readonly rngs: Array<NumpyRng | undefined>;
  private readonly result: VectorStepResult & { finalObservations?: Float32Array };
  private hasReset = false;

  constructor(
    /** The class name in messages and `getState()`. */
    protected readonly vectorName: string,
    numEnvs: number,
    protected readonly stateSize: number,
    observationSize: number,
    options: CommonVectorOptions,
  ) {
    if (!Number.isInteger(numEnvs) || numEnvs <= 0 || numEnvs > MAX_SUB_ENVS) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${vectorName}(n): n must be an integer in [1, ${MAX_SUB_ENVS}], got ${describeValue(numEnvs)}.`,
      );
    }
    this.numEnvs = numEnvs;
    this.autoresetMode = options.autoresetMode;
    this.maxEpisodeSteps = options.maxEpisodeSteps;
    this.observationSize = observationSize;
    this.warn = options.warn;
    this.trig = options.trig;
    this.cr = options.trig === "correctly-rounded";
    this.s = new Float64Array(numEnvs * stateSize);
    this.f32 = new Uint8Array(numEnvs);
    this.elapsed = new Int32Array(numEnvs);
    this.pendingReset = new Uint8Array(numEnvs);
    this.rngs = new Array<NumpyRng | undefined>(numEnvs).fill(undefined);
    this.result = {
      observations: new Float32Array(numEnvs * observationSize),
      rewards: new Float64Array(numEnvs),
      terminated: new Uint8Array(numEnvs),
      truncated: new Uint8Array(numEnvs),
      infos: Object.freeze(Array.from({ length: numEnvs }, () => EMPTY_INFO)),
    };
    if (options.autoresetMode === "same-step") {
      this.result.finalObservations = new Float32Array(numEnvs * observationSize);
    }
  }

  /** Parses reset options once per `reset` call; the result goes to `resetOne`. */
  protected abstract parseReset(
    options: Readonly<Record<string, unknown>> | undefined,
  ): Record<string, number>;
  /** Draws sub-env i's initial state from `rng` into its row of `s` (and sets `f32[i]`). */
  protected abstract resetOne(i: number, rng: NumpyRng, bounds: Record<string, number> | undefined): void;
  /**
   * Checks `actions` for sub-env i (throwing a RangeError), steps its row of `s`, sets
   * `terminatedNow`, returns the reward.
   */
  protected abstract advance(i: number, actions: ArrayLike<number>): number;
  /** Writes sub-env i's observation at `out[i * observationSize]`. */
  protected abstract observe(i: number, out: Float32Array): void;

  /** The state of sub-env i (a copy). */
  stateOf(i: number): number[] {
    const k = this.stateSize;
    return Array.from(this.s.subarray(i * k, i * k + k));
  }

  /**
   * Resets every sub-env (or those where `mask[i]` is truthy). `seed`: one number (sub-env i gets
   * seed + i) or one per sub-env; `options`: the env's reset options, as its scalar env takes them.
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
          `${this.vectorName}.reset: give one seed or ${n} seeds (one per sub-env), got ${seed.length}.`,
        );
      }
    }
    if (mask !== undefined && mask.length !== n) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${this.vectorName}.reset: mask must have ${n} entries, got ${mask.length}.`,
      );
    }
    const bounds = this.parseReset(options);
    for (let i = 0; i < n; i++) {
      if (mask !== undefined && !mask[i]) continue;
      if (seed !== undefined && seed !== null) {
        const s = typeof seed === "number" ? seed + i : (seed as readonly number[])[i];
        assertSeed(s, `seed[${i}]`);
        this.rngs[i] = createNumpyRng(s);
      }
      this.resetSub(i, bounds);
      this.observe(i, this.result.observations);
    }
    this.hasReset = true;
    return { observations: this.result.observations, infos: this.result.infos };
  }

  step(actions: ActionArray | readonly number[]): VectorStepResult {
    const n = this.numEnvs;
    if (!this.hasReset) {
      throw new GymkitError(
        "GYMKIT_RESET_NEEDED",
        `${this.vectorName}: step() called before reset() (or after a step that threw on an invalid action). Call vec.reset({ seed }) first.`,
      );
    }
    const { elapsed, pendingReset } = this;
    const { observations: obs, rewards, terminated, truncated } = this.result;
    const nextStep = this.autoresetMode === "next-step";
    const sameStep = this.autoresetMode === "same-step";
    const max = this.maxEpisodeSteps;
    for (let i = 0; i < n; i++) {
      if (nextStep && pendingReset[i] === 1) {
        this.resetSub(i, undefined);
        this.observe(i, obs);
        rewards[i] = 0;
        terminated[i] = 0;
        truncated[i] = 0;
        continue;
      }
      let reward: number;
      try {
        reward = this.advance(i, actions);
      } catch (e) {
        this.hasReset = false; // the sub-envs before i have stepped: the batch is half done
        throw e;
      }
      const term = this.terminatedNow;
      const trunc = ++elapsed[i]! >= max;
      rewards[i] = reward;
      terminated[i] = term ? 1 : 0;
      truncated[i] = trunc ? 1 : 0;
      this.observe(i, obs);
      if (term || trunc) {
        if (nextStep) {
          pendingReset[i] = 1;
        } else if (sameStep) {
          const m = this.observationSize;
          this.result.finalObservations!.set(obs.subarray(i * m, i * m + m), i * m);
          this.resetSub(i, undefined);
          this.observe(i, obs);
        }
      }
    }
    return this.result;
  }

  /** `{ vector, hasReset, states, float32, elapsed, pendingReset, rngs }`. */
  getState(): EnvState {
    const n = this.numEnvs;
    return {
      vector: this.vectorName,
      hasReset: this.hasReset,
      states: Array.from({ length: n }, (_, i) => this.stateOf(i)),
      float32: Array.from(this.f32, (v) => (v ? 1 : 0)),
      elapsed: Array.from(this.elapsed),
      pendingReset: Array.from(this.pendingReset, (v) => (v ? 1 : 0)),
      rngs: this.rngs.map((rng) => (rng ? rngStateToJson(rng.getState()) : null)),
    };
  }

  /** Restores what `getState` returned; checks everything first, so a bad state changes nothing. */
  setState(state: EnvState): void {
    const n = this.numEnvs;
    const who = `${this.vectorName}(${n})`;
    const s = parseEnvState(STATE, state, who);
    const bad = (what: string) =>
      new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${who}: invalid state.${what}. Pass what getState() returned.`,
      );
    if (s.vector !== this.vectorName) throw bad(`vector: expected "${this.vectorName}", got "${s.vector}"`);
    for (const key of ["states", "float32", "elapsed", "pendingReset", "rngs"] as const) {
      if (s[key].length !== n)
        throw bad(`${key}: expected ${n} entries (one per sub-env), got ${s[key].length}`);
    }
    const k = this.stateSize;
    s.states.forEach((row, i) => {
      if (row.length !== k) throw bad(`states[${i}]: expected ${k} numbers, got ${row.length}`);
    });
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
      this.s.set(s.states[i]!, i * k);
      this.rngs[i] = rngs[i];
    }
    this.f32.set(s.float32);
    this.elapsed.set(s.elapsed);
    this.pendingReset.set(s.pendingReset);
    this.hasReset = s.hasReset;
  }

  close(): void {}

  toString(): string {
    return `${this.vectorName}(${this.numEnvs}, ${this.autoresetMode})`;
  }

  /** reset() of sub-env i: its own generator (OS entropy if never seeded), fresh time limit. */
  private resetSub(i: number, bounds: Record<string, number> | undefined): void {
    let rng = this.rngs[i];
    if (rng === undefined) {
      rng = createNumpyRng(); // never seeded: OS entropy, as Gymnasium
      this.rngs[i] = rng;
    }
    this.resetOne(i, rng, bounds);
    this.elapsed[i] = 0;
    this.pendingReset[i] = 0;
  }
}
