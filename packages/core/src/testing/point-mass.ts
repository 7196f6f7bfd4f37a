import type { ActionArray } from "../agent.js";
import type { Env, EnvSpec, Info, ResetArgs, ResetResult, StepResult } from "../env.js";
import { type EnvState, parseEnvState, RNG_STATE, rngStateToJson, type StatefulEnv } from "../env-state.js";
import { GymkitError } from "../errors.js";
import { createRng, type Rng, type RngState } from "../rng.js";
import { z } from "../schema.js";
import { Box } from "../spaces/box.js";
import type { VectorEnv, VectorResetArgs, VectorStepResult } from "../vector.js";

/** Seconds per step of the point mass. */
const DT = 0.1;
/** Steps before an episode is truncated. */
export const POINT_MASS_EPISODE_STEPS = 50;
const EMPTY_INFO: Info = Object.freeze({});
const STATE = z.strictObject({ x: z.number(), v: z.number(), t: z.number().int().min(0), rng: RNG_STATE });

/**
 * The point mass's dynamics, shared by the env and its vector: the force `a` is clipped to
 * [-1, 1] (as Pendulum clips its torque), `v += a·dt`, `x += v·dt`; reward −(x² + 0.1·a²).
 * Returns the reward; writes the new position and velocity into `s` at `at`.
 */
function advance(s: Float64Array, at: number, action: number): number {
  const a = Math.min(Math.max(action, -1), 1);
  const v = s[at + 1]! + a * DT;
  const x = s[at]! + v * DT;
  s[at] = x;
  s[at + 1] = v;
  return -(x * x + 0.1 * a * a);
}

/**
 * A 1-D point mass to push back to the origin: the smallest continuous-action env, for tests of
 * the action plumbing (Gymnasium-style: seeded by `reset({ seed })`, a reused observation and
 * result, `getState`/`setState`). Observation `[x, v]` (float32), action `Box(-1, 1, (1,))`
 * (a force, clipped), reward −(x² + 0.1·a²), never terminates, truncated after
 * {@link POINT_MASS_EPISODE_STEPS} steps. The start position is uniform in [-1, 1), at rest.
 * `lastAction` is the array the last `step` got (a test checks it is not the agent's).
 */
export class PointMassEnv implements Env<Float32Array, Float32Array>, StatefulEnv {
  readonly observationSpace = new Box(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, [2]);
  readonly actionSpace = new Box(-1, 1, [1]);
  readonly metadata = { renderModes: [] };
  readonly renderMode = undefined;
  /** Set by `registry.make`; the env truncates its own episodes. */
  spec: EnvSpec | undefined = undefined;
  lastAction: Float32Array | undefined;
  private rng: Rng = createRng(0);
  private readonly s = new Float64Array(2);
  private t = 0;
  private readonly obs = new Float32Array(2);
  private readonly resetResult: ResetResult<Float32Array> = { observation: this.obs, info: EMPTY_INFO };
  private readonly stepResult: StepResult<Float32Array> = {
    observation: this.obs,
    reward: 0,
    terminated: false,
    truncated: false,
    info: EMPTY_INFO,
  };

  get unwrapped(): this {
    return this;
  }

  reset(args: ResetArgs = {}): ResetResult<Float32Array> {
    if (args.seed !== undefined) this.rng = createRng(args.seed);
    this.s[0] = this.rng.uniform(-1, 1);
    this.s[1] = 0;
    this.t = 0;
    this.obs.set(this.s);
    return this.resetResult;
  }

  step(action: Float32Array): StepResult<Float32Array> {
    if (!(action instanceof Float32Array) || action.length !== 1) {
      throw new GymkitError(
        "GYMKIT_INVALID_ACTION",
        `PointMassEnv: invalid action ${String(action)}; expected a Float32Array of 1 force in [-1, 1].`,
      );
    }
    this.lastAction = action;
    const r = this.stepResult;
    r.reward = advance(this.s, 0, action[0]!);
    r.truncated = ++this.t >= POINT_MASS_EPISODE_STEPS;
    this.obs.set(this.s);
    return r;
  }

  render(): undefined {
    return undefined;
  }

  close(): void {}

  getState(): EnvState {
    return { x: this.s[0]!, v: this.s[1]!, t: this.t, rng: rngStateToJson(this.rng.getState()) };
  }

  setState(state: EnvState): void {
    const s = parseEnvState(STATE, state, "PointMassEnv");
    this.rng.setState(s.rng as RngState);
    this.s[0] = s.x;
    this.s[1] = s.v;
    this.t = s.t;
    this.obs.set(this.s);
  }
}

/**
 * n point masses in one batched vector env (`next-step` autoreset): sub-env i behaves exactly as a
 * `PointMassEnv` reset with seed `seed + i`, so it equals a `SyncVectorEnv` over n of them. Takes a
 * `Float32Array` of n forces; allocates nothing per step.
 */
export class PointMassVector implements VectorEnv<"next-step"> {
  readonly autoresetMode = "next-step";
  readonly singleObservationSpace = new Box(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, [2]);
  readonly singleActionSpace = new Box(-1, 1, [1]);
  readonly observationSize = 2;
  readonly actionSize = 1;
  private readonly s: Float64Array;
  private readonly t: Int32Array;
  private readonly pending: Uint8Array;
  private rngs: Rng[];
  private readonly result: VectorStepResult;

  constructor(readonly numEnvs: number) {
    this.s = new Float64Array(numEnvs * 2);
    this.t = new Int32Array(numEnvs);
    this.pending = new Uint8Array(numEnvs);
    this.rngs = Array.from({ length: numEnvs }, () => createRng(0));
    this.result = {
      observations: new Float32Array(numEnvs * 2),
      rewards: new Float64Array(numEnvs),
      terminated: new Uint8Array(numEnvs),
      truncated: new Uint8Array(numEnvs),
      infos: Array.from({ length: numEnvs }, () => EMPTY_INFO),
    };
  }

  reset(args: VectorResetArgs = {}): { observations: Float32Array; infos: readonly Info[] } {
    const { seed } = args;
    if (typeof seed === "number") this.rngs = this.rngs.map((_, i) => createRng(seed + i));
    for (let i = 0; i < this.numEnvs; i++) this.resetOne(i);
    this.result.observations.set(this.s);
    return { observations: this.result.observations, infos: this.result.infos };
  }

  step(actions: ActionArray | readonly number[]): VectorStepResult {
    const n = this.numEnvs;
    if (!(actions instanceof Float32Array) || actions.length !== n) {
      throw new GymkitError(
        "GYMKIT_INVALID_ACTION",
        `PointMassVector: expected a Float32Array of ${n} forces, got ${String(actions)}.`,
      );
    }
    const { rewards, truncated } = this.result;
    for (let i = 0; i < n; i++) {
      if (this.pending[i]) {
        this.resetOne(i);
        rewards[i] = 0;
        truncated[i] = 0;
        continue;
      }
      rewards[i] = advance(this.s, i * 2, actions[i]!);
      const done = ++this.t[i]! >= POINT_MASS_EPISODE_STEPS;
      truncated[i] = done ? 1 : 0;
      this.pending[i] = done ? 1 : 0;
    }
    this.result.observations.set(this.s);
    return this.result;
  }

  close(): void {}

  private resetOne(i: number): void {
    this.s[i * 2] = this.rngs[i]!.uniform(-1, 1);
    this.s[i * 2 + 1] = 0;
    this.t[i] = 0;
    this.pending[i] = 0;
  }
}
